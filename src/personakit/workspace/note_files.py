"""One interview note read from disk into plain, picklable parts.

Reading a note needs nothing of the rest of the workspace but its root and the front
matter fields the config allows, so notes can be read in any order and in any process
(note_pool.py); the loader then adds each to the workspace in file order.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from typing import Any

from ..errors import WorkspaceError
from ..model import NoteMeta
from ..model.records import Problem, Suppression
from ..suggest import hint
from .config import CONFIG_NAME
from .frontmatter import salvage_front_matter, split_front_matter
from .loader import YamlError
from .notes import ParsedBody, ParsedQuote, parse_body
from .partial import error_fields, partial_note_meta
from .reading import Skipped, read_inside
from .suppressions import find_suppressions
from .validation import SCHEMA, validate_doc

PARSE_ERROR = "PK001"


@dataclass
class NoteFile:
    """Everything read from one note file: its text, suppressions and problems, and
    what the loader builds the note from. `stop` is a mistake that stops the command
    (a link out of the workspace, a file that cannot be read), raised by the loader
    when it reaches this file, so that the first such file in order is the one named."""

    path: str
    rel: str
    text: str | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    meta: NoteMeta | None = None
    unread: frozenset[str] = frozenset()
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    body: ParsedBody | None = None
    body_line: int = 1
    body_read: bool = True
    stop: tuple[str, str | None, int | None] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Sent from a worker by the thousand: as plain tuples, which unpickle several
        # times faster than dataclass instances (the loader waits on this).
        body = self.body
        packed = None
        if body is not None:
            quotes = [(q.anchor, q.text, q.tags, q.line, q.column) for q in body.quotes]
            packed = (body.title, quotes, body.malformed)
        fields = (self.path, self.rel, self.text, self.suppressions, self.problems, self.meta)
        rest = (self.unread, self.positions, packed, self.body_line, self.body_read, self.stop)
        return _unpack, (*fields, *rest)


@dataclass(frozen=True)
class NoteReader:
    """Reads notes of the workspace at `root` whose front matter may hold `allowed`."""

    root: str
    allowed: frozenset[str]

    def read(self, path: str, rel: str) -> NoteFile:
        """The note at `path` (shown as `rel`)."""
        note = NoteFile(path, rel)
        try:
            text = read_inside(self.root, path, rel)
        except Skipped as exc:
            # Not read at all: its id is its stem, and nothing in it can be checked.
            note.problems.append((PARSE_ERROR, Problem(rel, 1, 1, str(exc))))
            note.meta, note.unread = partial_note_meta({}, NoteMeta.model_fields)
            note.body, note.body_read = ParsedBody(None, []), False
            return note
        except WorkspaceError as exc:
            note.stop = (exc.message, exc.path, exc.line)
            return note
        note.text = text
        note.suppressions = find_suppressions(text, markdown=True)
        self._parse(note, text)
        return note

    def _parse(self, note: NoteFile, text: str) -> None:
        rel, problems = note.rel, note.problems
        try:
            front = split_front_matter(text)
        except YamlError as exc:
            problems.append((PARSE_ERROR, Problem(rel, exc.line, exc.column, exc.message)))
            salvaged = salvage_front_matter(text)
            broken = set(salvaged.broken)
            if salvaged.stray:
                broken |= self._absent(salvaged.data)
            note.meta, note.unread = partial_note_meta(salvaged.data, broken)
            note.positions = salvaged.lines
            note.body = parse_body(salvaged.body, salvaged.body_line)
            note.body_line = salvaged.body_line
            return
        data = front.doc.data
        valid, error = validate_doc(NoteMeta, rel, front.doc, "note's front matter", problems)
        broken = set()
        if valid is None:
            broken = (error_fields(error) or set(NoteMeta.model_fields)) if error else set()
            if not isinstance(data, dict):
                data, broken = {}, set(NoteMeta.model_fields)
        for extra in data:
            if extra not in self.allowed and extra not in broken:
                line, col = front.doc.position((extra,), key=True)
                close = hint(extra, self.allowed)
                declare = f"declare it under note_fields in {CONFIG_NAME}"
                message = f"unknown field {extra!r}{close} ({declare})"
                problems.append((SCHEMA, Problem(rel, line, col, message)))
                # A misspelt key (`rloe:`) stands for a field the note then lacks.
                broken |= _meant(extra, self._absent(data))
        if broken or valid is None:
            note.meta, note.unread = partial_note_meta(data, broken)
        else:
            note.meta = valid
        if "id" in data:
            note.positions = {"id": front.doc.position(("id",))}
        note.body = parse_body(front.body, front.body_line)
        note.body_line = front.body_line

    def _absent(self, data: dict[str, Any]) -> set[str]:
        """Fields a note leaves unset that a misspelt key might have meant (not its id,
        which a citation would show missing)."""
        return set(self.allowed - set(data) - {"id", "title"})


def _unpack(*fields: Any) -> NoteFile:
    note = NoteFile(*fields)
    packed: Any = note.body
    if packed is not None:
        title, quotes, malformed = packed
        note.body = ParsedBody(title, [ParsedQuote(*q) for q in quotes], malformed)
    return note


def _meant(key: str, fields: set[str]) -> set[str]:
    """The unset fields an unknown key may be a misspelling of (`rloe` -> `role`)."""
    return set(difflib.get_close_matches(key.lower(), sorted(fields), n=3, cutoff=0.6))


def stem(path: str) -> str:
    """A file's name without its folder and extension: a document's default id."""
    return os.path.splitext(os.path.basename(path))[0]
