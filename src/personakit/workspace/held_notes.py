"""The notes of the last load in a process that loads again and again (the language
server, `serve`), and the next load's notes made from them when only a few changed.

A load through the memory (memory.py) records what its notes added to the workspace:
each file's read and built note in file order, and their texts, suppressions,
problems, note ids, duplicates and unread notes. The next load lists the same files,
stats them, and reads only those whose stat moved or that an editor holds unsaved.
When every one of those is a complete note under the id it had, not a duplicate and
not stopping the load, the new notes are the old ones with those few put in their
place, without going through the ten thousand others one by one. Anything else (a
note added, removed, renamed, re-identified or broken, a duplicate, more than
PATCH_MAX changed, other front-matter fields allowed) is loaded note by note again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..file_stats import stat_of
from ..model.documents import Note, Workspace
from ..model.records import Problem, Suppression
from .note_file import NoteFile

# More changed notes than this at once (a checkout, a rename of a folder) are loaded
# note by note: the ten thousand others' stats are taken either way.
PATCH_MAX = 64


@dataclass
class HeldNotes:
    """What one load's notes added to the workspace, and what it was made of."""

    files: list[tuple[str, str]]  # (path, rel) in file order
    allowed: frozenset[str]
    reads: list[NoteFile]
    built: list[Note]
    texts: dict[str, str] = field(default_factory=dict)
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    problems: dict[str, list[tuple[str, Problem]]] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    duplicates: list[Note] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    unknown_note_ids: bool = False
    # The notes' absolute paths as the folder's listing gave them: the same listing
    # again means the same files, whose relative paths need not be worked out again.
    paths: list[str] = field(default_factory=list)
    # Each note's position by its relative path, and those read without a stat (from
    # an editor's buffer): what an editor names is found without going through all.
    positions: dict[str, int] = field(default_factory=dict)
    unstatted: set[int] = field(default_factory=set)

    @classmethod
    def of(
        cls,
        files: list[tuple[str, str]],
        allowed: frozenset[str],
        reads: list[NoteFile],
        ws: Workspace,
    ) -> HeldNotes:
        """Record a load that went note by note: `ws` holds what its notes added."""
        held = cls(files, allowed, reads, [], paths=[path for path, _rel in files])
        held.positions = {rel: i for i, (_path, rel) in enumerate(files)}
        held.unstatted = {i for i, read in enumerate(reads) if read.stat is None}
        for read in reads:
            rel = read.rel
            if read.text is not None:
                held.texts[rel] = read.text
            if read.suppressions:
                held.suppressions[rel] = read.suppressions
            if read.problems:
                held.problems[rel] = read.problems
        held.notes = dict(ws.notes)
        held.duplicates = list(ws.duplicate_notes)
        by_rel = {note.path: note for note in (*held.notes.values(), *held.duplicates)}
        held.built = [by_rel[read.rel] for read in reads]
        held.unread = sorted(ws.unread.get("note", ()))
        held.unknown_note_ids = ws.unknown_note_ids
        return held

    def add_to(self, ws: Workspace) -> None:
        """Put these notes into a workspace being loaded."""
        ws.texts.update(self.texts)
        ws.suppressions.update(self.suppressions)
        for found in self.problems.values():
            ws.problems.extend(found)
        ws.notes.update(self.notes)
        ws.duplicate_notes.extend(self.duplicates)
        for note_id in self.unread:
            ws.mark_unread("note", note_id)
        ws.unknown_note_ids = ws.unknown_note_ids or self.unknown_note_ids


def changed(
    held: HeldNotes,
    files: list[tuple[str, str]],
    overrides: Mapping[str, str],
    named: set[str] | None = None,
) -> list[int] | None:
    """The positions of the notes to read again (held unsaved, read from an editor's
    buffer last time, or changed on disk), or None when the files are not the same
    ones. A note changed on disk is one whose stat moved, or, when the editor names
    every file changed (`named`, memory.py), one it named."""
    if files != held.files:
        return None
    if named is not None:
        where = held.positions
        found = {where[rel] for rel in (*named, *overrides) if rel in where}
        found |= held.unstatted
        return sorted(found) if len(found) <= PATCH_MAX else None
    moved: list[int] = []
    for i, (path, rel) in enumerate(files):
        was = held.reads[i].stat
        if was is None or rel in overrides or stat_of(path) != was:
            moved.append(i)
        if len(moved) > PATCH_MAX:
            return None
    return moved


def patched(
    held: HeldNotes,
    moved: list[int],
    fresh: Iterable[NoteFile],
    build: Callable[[NoteFile], Note],
) -> HeldNotes | None:
    """`held` with the notes at `moved` replaced by `fresh` (read again, in the same
    order), or None when one of them cannot simply take its old one's place."""
    reads, built = list(held.reads), list(held.built)
    unstatted = set(held.unstatted)
    texts, suppressions = dict(held.texts), dict(held.suppressions)
    problems, notes = dict(held.problems), dict(held.notes)
    for i, read in zip(moved, fresh, strict=True):
        old = held.built[i]
        if read.stop is not None or notes.get(old.id) is not old or not old.complete:
            return None
        note = build(read)
        if note.id != old.id or not note.complete:
            return None
        rel = read.rel
        _put(texts, rel, read.text)
        _put(suppressions, rel, read.suppressions or None)
        _put(problems, rel, read.problems or None)
        notes[note.id] = note
        reads[i], built[i] = read, note
        if read.stat is None:
            unstatted.add(i)
        else:
            unstatted.discard(i)
    return HeldNotes(
        held.files,
        held.allowed,
        reads,
        built,
        texts,
        suppressions,
        problems,
        notes,
        held.duplicates,
        held.unread,
        held.unknown_note_ids,
        held.paths,
        held.positions,
        unstatted,
    )


def _put(table: dict, key: str, value: object) -> None:
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value
