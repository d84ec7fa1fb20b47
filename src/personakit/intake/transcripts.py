"""Reading a call's transcript (WebVTT, SubRip or text) into speaker turns.

The container formats are read by their own libraries (webvtt-py, srt); what is ours is
finding the speaker in each cue, which the exports write in different ways: Zoom puts
`Jane Doe: text` inside the cue, Teams and Stream use `<v Jane Doe>text</v>` voice
spans (several per cue), SRT files carry `Name: text` or no speaker at all, and text
exports (Otter, Meet) put `Jane Doe  0:03` on a line of its own before the text, or
`[00:01:02] Jane Doe: text` on one line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from ..errors import WorkspaceError

BOM = "\ufeff"


class TranscriptFormat(StrEnum):
    """The shapes of transcript `import transcript` reads."""

    vtt = "vtt"
    srt = "srt"
    txt = "txt"


@dataclass
class Turn:
    """What one speaker said, from one cue or line on (merged with the next of the same
    speaker by `merge`)."""

    speaker: str  # as written in the file; "" when the file names no speaker
    start: float | None  # seconds from the start of the call, when the file says
    lines: list[str]  # the text, one entry per cue or line of the file
    line: int  # where it starts in the file


# A speaker's name before a colon: one to five words, each starting with a letter or a
# digit ("Jane Doe", "Speaker 1", "P07"), short enough not to be a sentence.
_NAME = r"[^\W_][\w.'’-]*(?: [^\W_][\w.'’-]*){0,4}"
_SAID_RE = re.compile(rf"^({_NAME}):\s+(\S.*)$")
_TIME = r"(\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?"
# `[00:01:02] Jane Doe: text` or `00:01:02 Jane Doe: text`
_TIMED_SAID_RE = re.compile(rf"^\[?{_TIME}\]?\s+({_NAME}):\s*(.*)$")
# `Jane Doe  0:03` or `Jane Doe 00:01:02` on a line of its own (Otter, Meet)
_HEAD_RE = re.compile(rf"^({_NAME})\s+\(?{_TIME}\)?$")
# The tags WebVTT (`<v Jane>`, `<c.yellow>`, `<00:00:01.000>`, ...) and SubRip (`<i>`,
# `<font color="red">`) style cues with; any other `<...>` is what was said ("we had <10
# users and >5 admins") and stays.
_TAG_RE = re.compile(
    r"<(/?(?:[biuvcs]|font|ruby|rt|lang)(?:[.\s][^<>]*)?|\d[\d:.]*)>", re.IGNORECASE
)
_VOICE_RE = re.compile(r"^v(?:\.[^\s>]*)?\s+(.+)$", re.DOTALL)
_ASS_RE = re.compile(r"\{\\[^{}]*\}")  # SRT's `{\an8}` position overrides


def detect(name: str, text: str) -> TranscriptFormat:
    """The format of a transcript, from its content first and its extension second."""
    head = text.lstrip(BOM)[:200]
    if head.startswith("WEBVTT"):
        return TranscriptFormat.vtt
    if re.match(r"\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s+-->", head):
        return TranscriptFormat.srt
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("vtt", "srt"):
        return TranscriptFormat(suffix)
    return TranscriptFormat.txt


def read_transcript(
    text: str, shown: str, fmt: TranscriptFormat | None = None
) -> tuple[list[Turn], TranscriptFormat, dict[str, str]]:
    """The turns of a transcript, its format and its header metadata (WebVTT's
    `Key: value` lines, lower-cased keys); a file that cannot be read is one
    WorkspaceError naming the line."""
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    fmt = fmt or detect(shown, text)
    if fmt is TranscriptFormat.vtt:
        turns, meta = _read_vtt(text, shown)
    elif fmt is TranscriptFormat.srt:
        turns, meta = _read_srt(text, shown), {}
    else:
        turns, meta = _read_txt(text, shown), {}
    turns = [t for t in turns if any(line.strip() for line in t.lines)]
    _carry_speakers(turns)
    if not turns:
        raise WorkspaceError(f"no speech found in this {fmt.value} transcript", shown, 1)
    return turns, fmt, meta


def _carry_speakers(turns: list[Turn]) -> None:
    """A cue without a speaker, in a file that names speakers, goes on with the speaker
    of the cue before it (exports often name a speaker only when it changes)."""
    last = ""
    for turn in turns:
        if turn.speaker:
            last = turn.speaker
        else:
            turn.speaker = last


def merge(turns: list[Turn]) -> list[Turn]:
    """Consecutive turns of one speaker as one: a sentence running across cue
    boundaries becomes one passage that can be quoted."""
    merged: list[Turn] = []
    for turn in turns:
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1].lines.extend(turn.lines)
        else:
            merged.append(Turn(turn.speaker, turn.start, list(turn.lines), turn.line))
    return merged


# -- WebVTT -------------------------------------------------------------------------


def _read_vtt(text: str, shown: str) -> tuple[list[Turn], dict[str, str]]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        vtt = webvtt.from_string(text, strict=True)
    except MalformedFileError:
        raise WorkspaceError(
            "is not WebVTT: its first line must start with WEBVTT", shown, 1
        ) from None
    except (MalformedCaptionError, ValueError):
        line = _bad_vtt_block(text)
        raise WorkspaceError(
            "a cue that WebVTT cannot read (its timing line)", shown, line
        ) from None
    untimed = _untimed_block(text, vtt=True)
    if untimed is not None:
        raise WorkspaceError(_UNTIMED, shown, untimed)
    meta: dict[str, str] = {}
    for item in vtt.metadata or []:
        key, sep, value = str(item).partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    starts = _cue_lines(text)
    turns: list[Turn] = []
    for index, caption in enumerate(vtt.captions):
        line = starts[index] if index < len(starts) else 1
        start = _seconds(caption.start)
        for speaker, said in _vtt_cue(caption.raw_text):
            turns.extend(_said_lines(speaker, said, start, line, entities=True))
    return turns, meta


_TIMING_RE = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s+-->")


def _cue_lines(text: str) -> list[int]:
    """The line number of each cue's timing line, in order."""
    return [i + 1 for i, line in enumerate(text.split("\n")) if _TIMING_RE.match(line)]


_UNTIMED = "a cue without its timing line (such as 00:00:01.000 --> 00:00:04.000)"
_VTT_BLOCK_RE = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The blank-line separated blocks of a file: (first line number, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _untimed_block(text: str, vtt: bool) -> int | None:
    """The first line of a cue that has no timing line, which the libraries pass over
    (webvtt-py drops it, srt reads it into the cue before, its number as words said):
    in WebVTT a block after the header that is no NOTE, STYLE or REGION block, in
    SubRip a block that starts with a cue number."""
    blocks = _blocks(text)
    for number, lines in blocks[1:] if vtt else blocks:
        if any("-->" in line for line in lines):
            continue
        if vtt and not _VTT_BLOCK_RE.match(lines[0]):
            return number
        if not vtt and lines[0].strip().isdigit():
            return number
    return None


def _bad_vtt_block(text: str) -> int:
    """The first line of the first block webvtt-py refuses, read block by block (only
    on the error path, to name the line)."""
    import webvtt

    lines = text.split("\n")
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = i
            continue
        if start is not None and start > 0:
            block = "\n".join(lines[start:i])
            if "-->" in block:
                try:
                    webvtt.from_string("WEBVTT\n\n" + block + "\n", strict=True)
                except Exception:
                    return start + 1
        start = None
    return 1


def _vtt_cue(raw: str) -> list[tuple[str | None, str]]:
    """A cue's text split by voice span: (speaker or None, text without markup)."""
    pieces: list[tuple[str | None, str]] = []
    voice: str | None = None
    buffer: list[str] = []

    def flush() -> None:
        said = "".join(buffer)
        if said.strip():
            pieces.append((voice, said))
        buffer.clear()

    pos = 0
    for match in _TAG_RE.finditer(raw):
        buffer.append(raw[pos : match.start()])
        pos = match.end()
        tag = match.group(1).strip()
        voice_match = _VOICE_RE.match(tag)
        if voice_match:
            flush()
            voice = _clean(voice_match.group(1), entities=True)
        elif tag == "/v":
            flush()
            voice = None
        # Any other tag (<i>, <c.color>, <00:00:01.000>) is styling: dropped.
    buffer.append(raw[pos:])
    flush()
    return pieces


# -- SubRip ---------------------------------------------------------------------------


def _read_srt(text: str, shown: str) -> list[Turn]:
    import srt

    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text.count("\n", 0, exc.expected_start) + 1
        lines = text.split("\n")
        # Point past blank lines and the cue number at the line that did not read.
        while line < len(lines) and (
            not lines[line - 1].strip() or lines[line - 1].strip().isdigit()
        ):
            line += 1
        raise WorkspaceError("a block that SubRip cannot read", shown, line) from None
    except (srt.TimestampParseError, ValueError):
        raise WorkspaceError(
            "a timestamp that SubRip cannot read", shown, _bad_time(text)
        ) from None
    untimed = _untimed_block(text, vtt=False)
    if untimed is not None:
        raise WorkspaceError(_UNTIMED, shown, untimed)
    starts = _cue_lines(text)
    turns: list[Turn] = []
    for index, sub in enumerate(subtitles):
        line = starts[index] if index < len(starts) else 1
        content = _ASS_RE.sub("", sub.content)
        turns.extend(_said_lines(None, _TAG_RE.sub("", content), sub.start.total_seconds(), line))
    return turns


def _bad_time(text: str) -> int:
    ok = re.compile(r"^\s*\d+:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d+:\d{2}:\d{2}[,.]\d{1,3}")
    for i, line in enumerate(text.split("\n")):
        if "-->" in line and not ok.match(line):
            return i + 1
    return 1


# -- text -----------------------------------------------------------------------------


def _read_txt(text: str, shown: str) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    # Once a file names its speakers with times, a `Word: text` line is text, not a turn.
    timed_style = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _clean(raw)
        if not line:
            continue
        timed = _named(_TIMED_SAID_RE.match(line), 2)
        head = _named(_HEAD_RE.match(line), 1) if timed is None else None
        said = _said(line) if not (timed or head or timed_style) else None
        timed_style = timed_style or bool(timed or head)
        if timed:
            current = Turn(timed.group(2), _seconds(timed.group(1)), [], number)
            turns.append(current)
            if timed.group(3).strip():
                current.lines.append(timed.group(3).strip())
        elif head:
            current = Turn(head.group(1), _seconds(head.group(2)), [], number)
            turns.append(current)
        elif said:
            current = Turn(said.group(1), None, [said.group(2).strip()], number)
            turns.append(current)
        elif current is None:
            raise WorkspaceError(
                "text before any speaker: a text transcript needs `Name  0:03` or "
                "`[00:01:02] Name: text` or `Name: text` lines (or use --format vtt|srt)",
                shown,
                number,
            )
        else:
            current.lines.append(line)
    return turns


# -- shared ---------------------------------------------------------------------------


def _said_lines(
    voice: str | None, said: str, start: float | None, line: int, entities: bool = False
) -> list[Turn]:
    """The turns of one cue's text: its voice's, or each `Name: text` line's speaker
    (two speakers may share one cue), a line without one continuing the last. With
    `entities` (WebVTT, where `&amp;` is how `&` is written), entities are decoded."""
    turns: list[Turn] = []
    for raw in said.split("\n"):
        text = _clean(raw, entities)
        if not text:
            continue
        match = _said(text) if voice is None else None
        if match:
            turns.append(Turn(match.group(1), start, [match.group(2).strip()], line))
        elif turns:
            turns[-1].lines.append(text)
        else:
            turns.append(Turn(voice or "", start, [text], line))
    return turns


def _said(line: str) -> re.Match[str] | None:
    """`Jane Doe: text`, when what stands before the colon is written like a name (each
    word capitalised, or a code such as P07): "and then: we left" is what was said."""
    return _named(_SAID_RE.match(line), 1)


def _named(match: re.Match[str] | None, group: int) -> re.Match[str] | None:
    """`match` if its `group` is written like a name: each word capitalised or a code
    ("We met at 10:30" is speech, not Otter's `Name  0:03` head)."""
    if match and all(w[0].isupper() or w[0].isdigit() for w in match.group(group).split()):
        return match
    return None


def _clean(text: str, entities: bool = False) -> str:
    """Control characters and line separators made spaces, trimmed; with `entities`,
    entities decoded first. Only WebVTT has entities: in SubRip and plain text `&amp;`
    is what was said, or typed, and a quote must keep it as it is."""
    if entities:
        text = html.unescape(text)
    return "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == BOM else c for c in text
    ).strip()


def _seconds(stamp: str) -> float | None:
    """`00:12:34.500`, `12:34` or `1:02:03` as seconds."""
    try:
        parts = [float(p) for p in stamp.replace(",", ".").split(":")]
    except ValueError:
        return None
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def clock(seconds: float | None) -> str | None:
    """Seconds as `HH:MM:SS`, as a paragraph head shows the start."""
    if seconds is None:
        return None
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
