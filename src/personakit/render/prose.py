"""Markdown that is only prose, rendered without markdown-it's parser, byte for byte as
markdown-it renders it.

Most of an interview note is paragraphs of plain sentences, and running markdown-it
(pure Python) over them was most of a render's time. A text is taken here only when
every line is one of: blank (spaces only), a plain line, an ATX heading (`## Title`)
with plain text, or, alone between blank lines, a quote slot of a note page
(text.QUOTE_SLOT). A plain line starts with a character that opens no block (no
indent, digit, `#`, `>`, `-`, `*`, `+`, `=`, `|`, `:`, `` ` ``, `~`, `<`, `[`, `_`),
does not end with a space, and holds only printable characters (spaces included)
other than those that start inline markup (`\\`, `` ` ``, `*`, `_`, `[`, `]`, `!`,
`<`, `&`, `|`). Any other text (a list, emphasis, a link, a tab, a control
character) returns None and goes through markdown-it whole. A test compares the two
on generated texts.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml

try:
    from markdown_it.common.utils import mdTrim as _trim
except ImportError:  # markdown-it-py 3 trims paragraphs and headings with str.strip

    def _trim(string: str) -> str:
        return string.strip()


_BLOCK_START = frozenset("#>-*+_=`~<[|:!\\&]")
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<&|]")
_HEADING = re.compile(r"(#{1,6}) (\S.*)")
_SLOT = re.compile(r"<!--pk-quote-[0-9a-f]+-[0-9]+-->")


def _plain(line: str) -> bool:
    """A line of a paragraph that markdown-it reads as text and nothing else."""
    first = line[0]
    return (
        first not in _BLOCK_START
        and not first.isdigit()
        and first != " "
        and line[-1] != " "
        and line.isprintable()
        and _INLINE_MARKUP.search(line) is None
    )


def prose_html(text: str) -> str | None:
    """markdown-it's HTML for `text` (CommonMark, raw HTML off) if `text` is only prose
    (see the module's docstring), else None."""
    out: list[str] = []
    paragraph: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip(" "):
            if paragraph:
                out.append(f"<p>{escapeHtml(_trim(chr(10).join(paragraph)))}</p>\n")
                paragraph = []
            continue
        if _plain(line):
            paragraph.append(line)
            continue
        heading = _HEADING.fullmatch(line)
        if heading is not None and _plain(heading.group(2)) and "#" not in heading.group(2):
            if paragraph:
                out.append(f"<p>{escapeHtml(_trim(chr(10).join(paragraph)))}</p>\n")
                paragraph = []
            level = len(heading.group(1))
            out.append(f"<h{level}>{escapeHtml(_trim(heading.group(2)))}</h{level}>\n")
            continue
        alone = not paragraph and (index + 1 == len(lines) or not lines[index + 1].strip(" "))
        if alone and _SLOT.fullmatch(line):
            out.append(f"<p>{escapeHtml(line)}</p>\n")
            continue
        return None
    if paragraph:
        out.append(f"<p>{escapeHtml(_trim(chr(10).join(paragraph)))}</p>\n")
    return "".join(out)
