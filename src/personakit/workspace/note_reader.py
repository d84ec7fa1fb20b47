"""One interview note read from disk into plain, picklable parts (note_file.NoteFile).

Reading a note needs nothing of the rest of the workspace but its root, the front
matter fields the config allows and what the note cache knows, so notes can be read in
any order and in any process (note_pool.py); the loader then adds each to the
workspace in file order.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import WorkspaceError
from ..file_stats import stat_of
from ..model import NoteMeta
from ..model.records import Problem
from ..suggest import hint
from .config import CONFIG_NAME
from .frontmatter import salvage_front_matter, split_front_matter
from .loader import YamlError
from .note_cache import entry_for, lookup
from .note_file import NoteFile
from .notes import ParsedBody, parse_body
from .partial import error_fields, partial_note_meta
from .reading import Skipped, read_inside
from .suppressions import find_suppressions
from .validation import SCHEMA, validate_doc

PARSE_ERROR = "PK001"


@dataclass(frozen=True)
class NoteReader:
    """Reads notes of the workspace at `root` whose front matter may hold `allowed`;
    reuses the parses in `known` (note_cache.py) and, with `keep`, says what to keep."""

    root: str
    allowed: frozenset[str]
    known: Mapping[str, Any] = field(default_factory=dict)
    keep: bool = False
    # Texts an editor holds unsaved, by path: read instead of the file, never cached.
    overrides: Mapping[str, str] = field(default_factory=dict)
    # Notes of an earlier load in this process (memory.py): used while unchanged.
    memory: Mapping[str, NoteFile] | None = None

    def read(self, path: str, rel: str) -> NoteFile:
        """The note at `path` (shown as `rel`)."""
        note = NoteFile(path, rel)
        if rel in self.overrides:
            return self._parsed(note, self.overrides[rel])
        memory = self.memory
        stat = stat_of(path) if self.keep or self.known or memory is not None else None
        held = memory.get(rel) if memory is not None else None
        if held is not None and stat is not None and held.stat == stat:
            return held
        note.stat = stat
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
        if self.known:
            cached = lookup(self.known, path, rel, text, stat)
            if cached is not None:
                cached.stat = stat
                return cached
        self._parsed(note, text)
        if self.keep:
            note.entry = entry_for(note, stat)
        return note

    def _parsed(self, note: NoteFile, text: str) -> NoteFile:
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
        note.body_start = len(text) - len(front.body)

    def _absent(self, data: dict[str, Any]) -> set[str]:
        """Fields a note leaves unset that a misspelt key might have meant (not its id,
        which a citation would show missing)."""
        return set(self.allowed - set(data) - {"id", "title"})


def _meant(key: str, fields: set[str]) -> set[str]:
    """The unset fields an unknown key may be a misspelling of (`rloe` -> `role`)."""
    return set(difflib.get_close_matches(key.lower(), sorted(fields), n=3, cutoff=0.6))


def stem(path: str) -> str:
    """A file's name without its folder and extension: a document's default id."""
    return os.path.splitext(os.path.basename(path))[0]
