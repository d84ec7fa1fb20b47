"""Quotes in a note's Markdown body: blockquotes ending in a `^anchor`.

Recognised line by line rather than through a full Markdown parse, because lint reads
thousands of notes and needs only the blockquotes: a run of lines starting with `>`
(after up to three spaces), outside fenced code and HTML comments, whose last line
ends with `^id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ANCHOR_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9_-]*)\s*$")
# The literal `#` comes first so the regex engine can jump from `#` to `#`; the
# lookbehind then refuses a `#` inside a word (`C#`, `issue#12`, `&#39;`).
TAG_RE = re.compile(r"#(?<![\w&#/]#)([A-Za-z0-9][A-Za-z0-9_/-]*)")
_FENCE_RE = re.compile(r"(`{3,}|~{3,})")
# A run of blockquote lines, and a level-one heading, found by the regex engine in one
# pass over the body instead of by Python over each line.
_QUOTE_RUN_RE = re.compile(r"^ {0,3}>.*(?:\n {0,3}>.*)*", re.MULTILINE)
_TITLE_RE = re.compile(r"^ {0,3}# +(.+?)[ #]*$", re.MULTILINE)
# What looks like an anchor ending a line, valid or not, possibly followed by tags:
# `^q1`, `^q1 #late-tag`, `^q.1`. Only a caret after a space or at the line's start
# (`2^10` is no anchor), followed by something with a letter or digit in it.
_ANCHOR_LIKE_RE = re.compile(
    r"(?:^|\s)\^(\S*[A-Za-z0-9]\S*?)((?:\s+#[A-Za-z0-9][A-Za-z0-9_/-]*)*)\s*$"
)
_ANCHOR_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


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
    # Blockquotes that look like quotes but are not proper ones (PK004): (line, what
    # to move, the anchor meant), in order.
    malformed: list[tuple[int, str, str]] = field(default_factory=list)


def parse_body(body: str, first_line: int) -> ParsedBody:
    """Find the title (first `# ` heading) and the anchored quotes of a note body."""
    if "```" in body or "~~~" in body or "<!--" in body:
        return _parse_body_line_by_line(body, first_line)
    heading = _TITLE_RE.search(body)
    quotes: list[ParsedQuote] = []
    malformed: list[tuple[int, str, str]] = []
    line, pos = first_line, 0
    for match in _QUOTE_RUN_RE.finditer(body):
        line += body.count("\n", pos, match.start())
        pos = match.start()
        lines = []
        run = match.group()
        for raw in run.split("\n"):
            content = raw.lstrip(" ")[1:]
            lines.append(content[1:] if content[:1] == " " else content)
        quote = _make_quote(lines, line, malformed, run.count("^"))
        if quote is not None:
            quotes.append(quote)
    return ParsedBody(heading.group(1) if heading else None, quotes, malformed)


def _parse_body_line_by_line(body: str, first_line: int) -> ParsedBody:
    """The line-by-line scan, needed only when fenced code or an HTML comment may hide
    `>` lines."""
    title: str | None = None
    quotes: list[ParsedQuote] = []
    malformed: list[tuple[int, str, str]] = []
    block: list[str] = []
    block_start = 0
    hidden_until: str | None = None  # the closing fence, or "-->", of what hides quotes

    def close_block() -> None:
        if block:
            quote = _make_quote(block, block_start, malformed, sum(b.count("^") for b in block))
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
    return ParsedBody(title, quotes, malformed)


def _make_quote(
    lines: list[str], start: int, malformed: list[tuple[int, str, str]], carets: int
) -> ParsedQuote | None:
    """The quote a blockquote is, if any; a blockquote that looks like one but is not a
    proper one (PK004) goes to `malformed`. `carets`: how many `^` the block holds."""
    if not carets:
        return None  # no anchor, nor anything like one: ordinary prose
    last = lines[-1].rstrip()
    caret = last.rfind("^")
    match = ANCHOR_RE.search(last, caret - 1 if caret > 0 else 0) if caret >= 0 else None
    if match is None or carets > 1:
        problem = _malformed(lines, start, last[: match.start()] if match else last, match)
        if problem is not None:
            malformed.append(problem)
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


def _malformed(
    lines: list[str], start: int, last: str, anchor: re.Match[str] | None
) -> tuple[int, str, str] | None:
    """Why a blockquote that looks like a quote is not a proper one, the line to fix
    and the anchor meant; None when it is no quote at all, or a proper one.

    `last` is the last line without its valid anchor (`anchor`, when it has one).
    """
    end = start + len(lines) - 1
    found = []
    for i, text in enumerate([*lines[:-1], last]):
        if "^" in text:
            m = _ANCHOR_LIKE_RE.search(text)
            if m is not None:
                found.append((start + i, m))
    if anchor is not None:
        # A proper anchor ends the quote: another one before it is a second anchor.
        for line, m in found:
            if _ANCHOR_ID_RE.fullmatch(m.group(1)):
                first, second = m.group(1), anchor.group(1)
                return (
                    line,
                    f"two anchors, ^{first} and ^{second} (line {end}): a quote has one; "
                    f"remove ^{first}, or end its quote with a blank line before the next",
                    first,
                )
        return None
    if not found:
        return None
    line, m = found[-1]
    token, tags = m.group(1), m.group(2).split()
    if not _ANCHOR_ID_RE.fullmatch(token):
        return (
            line,
            f"^{token} is not an anchor: use letters, digits, '-' and '_', starting with "
            "a letter or digit (such as ^q1), at the end of the quote's last line",
            token,
        )
    if line == end:
        what = "the tags" if len(tags) > 1 else "the tag"
        return (
            line,
            f"anchor ^{token} is followed by {' '.join(tags)}: move {what} before "
            f"^{token}, which must end the quote",
            token,
        )
    return (
        line,
        f"anchor ^{token} is not on the blockquote's last line: move it to the end of line {end}",
        token,
    )
