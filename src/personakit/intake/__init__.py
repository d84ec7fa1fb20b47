"""Evidence intake: transcripts and highlight exports turned into notes.

`transcripts` reads WebVTT, SubRip and text transcripts into speaker turns,
`speakers` turns speakers' names into participant codes, `compose` writes a
pseudonymised note from turns, `highlights` imports a research repository's CSV
export. Nothing here is imported by lint or render: `import` pays for its parsers alone.
"""
