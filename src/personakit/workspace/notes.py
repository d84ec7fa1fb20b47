"""Quotes in a note's Markdown body: blockquotes ending in a `^anchor`.

Recognised line by line rather than through a full Markdown parse, because lint reads
thousands of notes and needs only the blockquotes: a run of lines starting with `>`
(after up to three spaces), outside fenced code, whose last line ends with `^id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANCHOR_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9_-]*)\s*$")
TAG_RE = re.compile(r"(?<![\w&#/])#([A-Za-z0-9][A-Za-z0-9_/-]*)")
_BLOCKQUOTE_RE = re.compile(r"^ {0,3}>")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#\s+(.+?)\s*#*\s*$")
_WS_RE = re.compile(r"\s+")


@dataclass
class ParsedQuote:
    anchor: str
    text: str  # tags and anchor removed, whitespace folded
    tags: tuple[str, ...]
    line: int  # first line of the blockquote
    column: int


@dataclass
class ParsedBody:
    title: str | None
    quotes: list[ParsedQuote]


def parse_body(body: str, first_line: int) -> ParsedBody:
    """Find the title (first `# ` heading) and the anchored quotes of a note body."""
    title: str | None = None
    quotes: list[ParsedQuote] = []
    block: list[str] = []
    block_start = 0
    fence: str | None = None

    def close_block() -> None:
        if block:
            quote = _make_quote(block, block_start)
            if quote is not None:
                quotes.append(quote)
            block.clear()

    for offset, raw in enumerate(body.split("\n")):
        lineno = first_line + offset
        if fence is not None:
            if raw.lstrip().startswith(fence):
                fence = None
            continue
        fence_match = _FENCE_RE.match(raw)
        if fence_match:
            close_block()
            fence = fence_match.group(1)
            continue
        if _BLOCKQUOTE_RE.match(raw):
            if not block:
                block_start = lineno
            content = raw.lstrip()[1:]
            block.append(content[1:] if content.startswith(" ") else content)
            continue
        close_block()
        if title is None:
            heading = _HEADING_RE.match(raw)
            if heading:
                title = heading.group(1)
    close_block()
    return ParsedBody(title=title, quotes=quotes)


def _make_quote(lines: list[str], start: int) -> ParsedQuote | None:
    last = lines[-1].rstrip()
    match = ANCHOR_RE.search(last)
    if match is None:
        return None
    body = "\n".join([*lines[:-1], last[: match.start()]])
    tags = tuple(dict.fromkeys(TAG_RE.findall(body)))
    text = _WS_RE.sub(" ", TAG_RE.sub(" ", body)).strip()
    return ParsedQuote(anchor=match.group(1), text=text, tags=tags, line=start, column=1)
