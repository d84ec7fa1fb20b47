"""Quotes in a note's Markdown body: blockquotes ending in a `^anchor`.

Recognised line by line rather than through a full Markdown parse, because lint reads
thousands of notes and needs only the blockquotes: a run of lines starting with `>`
(after up to three spaces), outside fenced code and HTML comments, whose last line
ends with `^id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANCHOR_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9_-]*)\s*$")
# The literal `#` comes first so the regex engine can jump from `#` to `#`; the
# lookbehind then refuses a `#` inside a word (`C#`, `issue#12`, `&#39;`).
TAG_RE = re.compile(r"#(?<![\w&#/]#)([A-Za-z0-9][A-Za-z0-9_/-]*)")
_FENCE_RE = re.compile(r"(`{3,}|~{3,})")
# A run of blockquote lines, and a level-one heading, found by the regex engine in one
# pass over the body instead of by Python over each line.
_QUOTE_RUN_RE = re.compile(r"^ {0,3}>.*(?:\n {0,3}>.*)*", re.MULTILINE)
_TITLE_RE = re.compile(r"^ {0,3}# +(.+?)[ #]*$", re.MULTILINE)


@dataclass
class ParsedQuote:
    """A quote found in a note's body: anchor, text, tags and position."""

    anchor: str
    text: str  # tags and anchor removed, whitespace folded
    tags: tuple[str, ...]
    line: int  # first line of the blockquote
    column: int


@dataclass
class ParsedBody:
    """What a note's body holds: its title and its quotes."""

    title: str | None
    quotes: list[ParsedQuote]


def parse_body(body: str, first_line: int) -> ParsedBody:
    """Find the title (first `# ` heading) and the anchored quotes of a note body."""
    if "```" in body or "~~~" in body or "<!--" in body:
        return _parse_body_line_by_line(body, first_line)
    heading = _TITLE_RE.search(body)
    quotes: list[ParsedQuote] = []
    line, pos = first_line, 0
    for match in _QUOTE_RUN_RE.finditer(body):
        line += body.count("\n", pos, match.start())
        pos = match.start()
        lines = []
        for raw in match.group().split("\n"):
            content = raw.lstrip(" ")[1:]
            lines.append(content[1:] if content[:1] == " " else content)
        quote = _make_quote(lines, line)
        if quote is not None:
            quotes.append(quote)
    return ParsedBody(title=heading.group(1) if heading else None, quotes=quotes)


def _parse_body_line_by_line(body: str, first_line: int) -> ParsedBody:
    """The line-by-line scan, needed only when fenced code or an HTML comment may hide
    `>` lines."""
    title: str | None = None
    quotes: list[ParsedQuote] = []
    block: list[str] = []
    block_start = 0
    hidden_until: str | None = None  # the closing fence, or "-->", of what hides quotes

    def close_block() -> None:
        if block:
            quote = _make_quote(block, block_start)
            if quote is not None:
                quotes.append(quote)
            block.clear()

    for offset, raw in enumerate(body.split("\n")):
        line = raw.lstrip(" ") if raw[:1] == " " else raw
        indented = len(raw) - len(line) > 3
        if hidden_until is not None:
            if (hidden_until == "-->" and "-->" in raw) or line.startswith(hidden_until):
                hidden_until = None
            continue
        first = line[:1]
        if first == "<" and line.startswith("<!--") and not indented:
            close_block()
            if "-->" not in line:
                hidden_until = "-->"
            continue
        if first in ("`", "~") and not indented:
            fence_match = _FENCE_RE.match(line)
            if fence_match:
                close_block()
                hidden_until = fence_match.group(1)
                continue
        if first == ">" and not indented:
            if not block:
                block_start = first_line + offset
            content = line[1:]
            block.append(content[1:] if content[:1] == " " else content)
            continue
        if block:
            close_block()
        if title is None and first == "#" and line.startswith("# ") and not indented:
            title = line[2:].strip().rstrip("#").strip() or None
    close_block()
    return ParsedBody(title=title, quotes=quotes)


def _make_quote(lines: list[str], start: int) -> ParsedQuote | None:
    last = lines[-1].rstrip()
    caret = last.rfind("^")
    if caret < 0:
        return None
    match = ANCHOR_RE.search(last, caret - 1 if caret else 0)
    if match is None:
        return None
    body = "\n".join([*lines[:-1], last[: match.start()]])
    tags: tuple[str, ...] = ()
    if "#" in body:
        # One pass: split() leaves text and captured tags alternating.
        parts = TAG_RE.split(body)
        tags = tuple(dict.fromkeys(parts[1::2]))
        body = " ".join(parts[::2])
    text = " ".join(body.split())
    return ParsedQuote(anchor=match.group(1), text=text, tags=tags, line=start, column=1)
