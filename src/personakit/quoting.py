"""`personakit quote`: turn a verbatim passage of a note into an anchored quote.

The passage is found the way PK103 compares quoted text (`evidence.fold`: whitespace,
case and typographic quotes folded), within one paragraph of prose: it may span the
paragraph's lines, never a blank line, a heading, an existing blockquote or a
transcript's speaker head (`**P07** (00:12:34)`), so it never joins two speakers.
The paragraph is split so the passage becomes a blockquote of its own, the tags and
the anchor on its last line; every other byte of the note stays as it was (line
endings and a byte-order mark included). The result is parsed back and must hold
the new quote with exactly the passage's text, and every other quote unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import WorkspaceError
from .evidence import fold

if TYPE_CHECKING:
    from .workspace import Note, Workspace
    from .workspace.notes import ParsedBody

_ANCHOR_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_TAG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_/-]*")
_NUMBERED = re.compile(r"q(\d+)")
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_QUOTE_LINE_RE = re.compile(r" {0,3}>")


@dataclass
class Block:
    """A paragraph of prose: the indices of its lines in the file (0-based), and the
    code of the speaker head above it in a transcript's note (`P07`, `I1`), if any."""

    first: int
    last: int
    speaker: str | None = None


_TEAM_CODE = re.compile(r"I\d+")  # the team's side in an imported transcript


@dataclass
class Quoted:
    """What `quote` did: the citation, where, and whether the note changed."""

    ref: str
    path: str
    line: int
    text: str
    changed: bool


@dataclass
class Match:
    """A passage found: its block and its span in the block's text."""

    block: Block
    start: int
    end: int


def prose_blocks(lines: list[str], first: int) -> list[Block]:
    """The paragraphs of prose from line index `first` on: runs of lines that are not
    blank, a heading, a blockquote, fenced code, an HTML comment or a speaker head."""
    from .intake.compose import HEAD_RE

    blocks: list[Block] = []
    start: int | None = None
    hidden: str | None = None
    speaker: str | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            blocks.append(Block(start, end, speaker))
        start = None

    for i in range(first, len(lines)):
        line = lines[i]
        if hidden is not None:
            if (hidden == "-->" and "-->" in line) or (
                hidden != "-->" and line.lstrip(" ").startswith(hidden)
            ):
                hidden = None
            continue
        fence = _FENCE_RE.match(line)
        if fence or line.lstrip(" ").startswith("<!--"):
            close(i - 1)
            if fence:
                hidden = fence.group(1)
            elif "-->" not in line:
                hidden = "-->"
            continue
        head = HEAD_RE.match(line.strip())
        if head or _HEADING_RE.match(line):
            speaker = head.group(1) if head else None  # a heading ends a speaker's turn
        if (
            not line.strip()
            or _HEADING_RE.match(line)
            or _QUOTE_LINE_RE.match(line)
            or head
            or line.startswith("    ")
        ):
            close(i - 1)
            continue
        if start is None:
            start = i
    close(len(lines) - 1)
    return blocks


def folded(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        piece = fold(char)
        if not piece:  # whitespace: folded to one space between words
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        out.extend(piece)
        index.extend([i] * len(piece))
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def find_passage(passage: str, lines: list[str], blocks: list[Block]) -> list[Match]:
    """Every place `passage` stands in a block, at word boundaries."""
    needle = fold(passage)
    found: list[Match] = []
    for block in blocks:
        text = "\n".join(lines[block.first : block.last + 1])
        hay, index = folded(text)
        pos = hay.find(needle)
        while pos >= 0:
            start, end = index[pos], index[pos + len(needle) - 1] + 1
            if _bounded(text, start, end):
                found.append(Match(block, start, end))
            pos = hay.find(needle, pos + 1)
    return found


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither starts nor ends inside a word."""
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def next_anchor(anchors: list[str]) -> str:
    """`qN` with N one above the highest `qN` in use."""
    numbers = [int(m.group(1)) for a in anchors if (m := _NUMBERED.fullmatch(a))]
    return f"q{max(numbers, default=0) + 1}"


def splice(lines: list[str], match: Match, suffix: str) -> tuple[list[str], int]:
    """The file's lines with the passage of `match` as its own blockquote ending in
    `suffix`, and the index of the blockquote's first line."""
    block = match.block
    text = "\n".join(lines[block.first : block.last + 1])
    before = text[: match.start].rstrip()
    after = text[match.end :].lstrip()
    said = [line.strip() for line in text[match.start : match.end].split("\n")]
    quote = [f"> {line}" for line in said]
    quote[-1] += suffix
    middle: list[str] = []
    if before:
        middle += [*before.split("\n"), ""]
    at = block.first + len(middle)
    middle += quote
    if after:
        middle += ["", *after.split("\n")]
    return [*lines[: block.first], *middle, *lines[block.last + 1 :]], at


def quote_passage(
    root: Path,
    note_ref: str,
    passage: str,
    tags: list[str],
    anchor: str | None = None,
) -> Quoted:
    """Anchor `passage` of note `note_ref` (an id or a path) as a quote; returns the
    citation. A passage already inside a quote returns that quote, changing nothing."""
    from .fs import replace_file
    from .scaffold.files import read_source
    from .session import Session
    from .workspace.frontmatter import split_front_matter
    from .workspace.loader import YamlError
    from .workspace.notes import TAG_RE, parse_body

    needle = fold(passage)
    if not needle:
        raise WorkspaceError("the passage is empty")
    for tag in tags:
        if not _TAG_RE.fullmatch(tag):
            raise WorkspaceError(
                f"--tag {tag!r} is not a tag: letters, digits, '-', '_' and '/', "
                "starting with a letter or digit"
            )
    if anchor is not None and not _ANCHOR_RE.fullmatch(anchor):
        raise WorkspaceError(
            f"--anchor {anchor!r} is not an anchor: letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    ws = Session.load(root).workspace
    note = _find_note(ws, note_ref)
    source = read_source(root / note.path, root, note.path)
    try:
        front = split_front_matter(source.text)
    except YamlError as exc:
        raise WorkspaceError(f"its front matter does not read: {exc.message}", note.path) from None
    lines = source.text.split("\n")
    body = parse_body(front.body, front.body_line)
    for existing in body.quotes:
        if needle in fold(existing.text):
            return Quoted(
                f"{note.id}#{existing.anchor}", note.path, existing.line, existing.text, False
            )
    blocks = prose_blocks(lines, front.body_line - 1)
    matches = find_passage(passage, lines, blocks)
    if not matches:
        raise WorkspaceError(_not_found(passage, lines, blocks), note.path)
    if len(matches) > 1:
        where = ", ".join(str(_line_of(lines, m) + 1) for m in matches)
        raise WorkspaceError(
            f"the passage stands {len(matches)} times (lines {where}): give a longer "
            "passage that stands once",
            note.path,
        )
    match = matches[0]
    if match.block.speaker is not None and _TEAM_CODE.fullmatch(match.block.speaker):
        # A note's quotes are its participant's words; lint would credit these to them.
        raise WorkspaceError(
            f"the passage is what {match.block.speaker}, the team's side, said: a quote "
            "is the participant's words",
            note.path,
            _line_of(lines, match) + 1,
        )
    block_text = "\n".join(lines[match.block.first : match.block.last + 1])
    said = block_text[match.start : match.end]
    tag_like = [m.group(1) for m in TAG_RE.finditer(said)]
    if tag_like:
        raise WorkspaceError(
            f"the passage holds #{tag_like[0]}, which a quote would read as a tag: "
            "quote the words around it instead",
            note.path,
            _line_of(lines, match) + 1,
        )
    used = [q.anchor for q in body.quotes] + [q.anchor for q in note.duplicate_quotes]
    used += [m[2] for m in body.malformed]
    chosen = anchor or next_anchor(used)
    if chosen in used:
        raise WorkspaceError(
            f"--anchor {chosen!r} is taken: the note has a quote ^{chosen}", note.path
        )
    suffix = "".join(f" #{t}" for t in dict.fromkeys(tags)) + f" ^{chosen}"
    new_lines, at = splice(lines, match, suffix)
    new_text = "\n".join(new_lines)
    _check(new_text, body, chosen, said, note.path)
    replace_file(root / note.path, source.encode(new_text), root=root, shown_as=note.path)
    return Quoted(f"{note.id}#{chosen}", note.path, at + 1, " ".join(said.split()), True)


def _find_note(ws: Workspace, ref: str) -> Note:
    from .suggest import hint

    note = ws.notes.get(ref)
    if note is None:
        wanted = ref.replace("\\", "/").removeprefix("./")
        note = next((n for n in ws.notes.values() if n.path == wanted), None)
    if note is None:
        raise WorkspaceError(f"no note {ref!r}{hint(ref, ws.notes)}")
    if not note.body_read:
        raise WorkspaceError("could not be read; fix it first (personakit lint)", note.path)
    return note


def _line_of(lines: list[str], match: Match) -> int:
    """The index of the line where a match starts."""
    text = "\n".join(lines[match.block.first : match.block.last + 1])
    return match.block.first + text.count("\n", 0, match.start)


def _not_found(passage: str, lines: list[str], blocks: list[Block]) -> str:
    """Why the passage was not found: the closest passage of the note's prose, with the
    words that differ marked, or that nothing is close."""
    from .worddiff import CLOSE, Passage, closest_passage, render, word_diff

    best: Passage | None = None
    best_line = 0
    for block in blocks:
        text = " ".join(lines[block.first : block.last + 1])
        found = closest_passage(passage, text)
        if found is not None and (best is None or found.ratio > best.ratio):
            best, best_line = found, block.first + 1
    if best is None or best.ratio < CLOSE:
        return "the passage is not in the note's prose; no passage of it is close"
    diff = render(word_diff(passage, best.text))
    return f"the passage is not in the note; closest passage (line {best_line}): {diff}"


def _check(text: str, before: ParsedBody, anchor: str, said: str, shown: str) -> None:
    """Refuse unless `text` holds the new quote with exactly `said` and every other
    quote as it was."""
    from .workspace.frontmatter import split_front_matter
    from .workspace.notes import parse_body

    front = split_front_matter(text)
    after = parse_body(front.body, front.body_line)
    new = [q for q in after.quotes if q.anchor == anchor]
    old = {(q.anchor, q.text, q.tags) for q in before.quotes}
    rest = {(q.anchor, q.text, q.tags) for q in after.quotes if q.anchor != anchor}
    if (
        len(new) != 1
        or new[0].text != " ".join(said.split())
        or rest != old
        or len(after.malformed) != len(before.malformed)
    ):
        raise WorkspaceError(
            "the passage would not read back as one quote with these words; nothing changed",
            shown,
        )
