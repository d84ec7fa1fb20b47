"""What a process that loads the workspace again and again (the language server, on
every edit) holds between loads.

A held note is used again while its file's stat (inode, size, modification and change
time) is the one taken before it was read, and while the config allows the same front
matter fields: then it is not even read. What an editor holds unsaved is never held.
Each load replaces what is held with what it read, so a removed note is let go.

A persona or decision file is held by its path and text: loading it depends on nothing
else, so an unchanged one's document and problems are the last load's own objects (a
persona's claims too, and what the evidence engine found for them can be taken over:
evidence.py). The YAML
documents of journeys are held by their text: the same text composes to the same
document, which nothing changes after loading; validating it still runs.

A folder's listing is held while no folder walked for it changed (reading.Walker), and
the last lint's evidence while its counts hold (evidence.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model.documents import DecisionDoc, Note, PersonaDoc
from ..model.positions import YamlDoc
from ..model.records import Problem
from .held_notes import HeldNotes
from .note_file import NoteFile
from .reading import Listing


@dataclass(frozen=True)
class HeldFile:
    """What loading one persona or decision file added to the workspace: the document
    (a persona's card with its claims; None when nothing could be read), its PK001 and
    PK002 problems, and whether it was read only in part."""

    doc: PersonaDoc | DecisionDoc | None
    problems: tuple[tuple[str, Problem], ...]
    unread: bool


class WorkspaceMemory:
    """The notes of the last load, by path relative to the root."""

    def __init__(self) -> None:
        self.held: dict[str, NoteFile] = {}
        self.allowed: frozenset[str] | None = None
        # The model built from each held note, by the note file's identity: the model
        # is not changed after loading, so an unchanged file's model is used again.
        self._built: dict[int, tuple[NoteFile, Note]] = {}
        self._documents: dict[str, YamlDoc] = {}
        self._documents_seen: dict[str, YamlDoc] = {}
        self._files: dict[tuple[str, str, str], HeldFile] = {}
        self._files_seen: dict[tuple[str, str, str], HeldFile] = {}
        # The last lint's evidence.Evidence (a layer above this one, hence untyped): the
        # next takes over its counts when no note changed what it counts (evidence.py).
        self.evidence: Any = None
        # What the last load's notes added to the workspace (held_notes.py).
        self.notes: HeldNotes | None = None
        # Whether the editor tells of every file changed on disk (lsp/server.py), and
        # the files it named since the last load: then a held note is read again when
        # named, and not stat'ed on every load.
        self.watched = False
        self.dirty: set[str] = set()
        # Each folder's files as last listed, while no folder walked for them changed.
        self.listings: dict[tuple[str, ...], Listing] = {}
        # The last lint's findings, each with the problem object it was made of and
        # its severity (linter.run_rules), and as an editor was shown each, with the
        # text it was placed on (lsp/diagnostics.py); both by the id of what they hold.
        self.findings: dict[int, tuple[Any, Any, Any]] = {}
        self.placed: dict[int, tuple[Any, str, Any]] = {}

    def for_fields(self, allowed: frozenset[str]) -> dict[str, NoteFile]:
        """What may be used again by a load whose notes may hold `allowed`."""
        if allowed != self.allowed:
            self.held = {}
            self._built = {}
            self.notes = None
            self.allowed = allowed
        return self.held

    def built(self, read: NoteFile) -> Note | None:
        """The model built earlier from this very note file, if any."""
        found = self._built.get(id(read))
        return found[1] if found is not None and found[0] is read else None

    def remember_built(self, read: NoteFile, note: Note) -> None:
        """Keep the model built from `read` for the next load that holds `read` again."""
        self._built[id(read)] = (read, note)

    def replace(self, notes: Iterable[NoteFile], unsaved: Iterable[str]) -> None:
        """Hold the notes a load just read, but for those read from an editor's buffer
        (`unsaved`) and those that stopped the load or could not be stat'ed."""
        skip = set(unsaved)
        self.held = {
            note.rel: note
            for note in notes
            if note.stat is not None and note.stop is None and note.rel not in skip
        }
        self._built = {
            id(note): self._built[id(note)]
            for note in self.held.values()
            if id(note) in self._built
        }

    def swap(
        self, old: Iterable[NoteFile], new: Iterable[NoteFile], unsaved: Iterable[str]
    ) -> None:
        """Hold `new`, read again in place of `old`, as `replace` would hold them."""
        skip = set(unsaved)
        for read in old:
            if self.held.get(read.rel) is read:
                del self.held[read.rel]
            self._built.pop(id(read), None)
        for read in new:
            if read.stat is not None and read.stop is None and read.rel not in skip:
                self.held[read.rel] = read
            elif id(read) in self._built:
                del self._built[id(read)]

    def document(self, text: str) -> YamlDoc | None:
        """The document composed earlier from exactly `text`, if any."""
        doc = self._documents.get(text)
        if doc is not None:
            self._documents_seen[text] = doc
        return doc

    def remember_document(self, text: str, doc: YamlDoc) -> None:
        """Hold the document composed from `text` for the next load."""
        self._documents_seen[text] = doc

    def held_file(self, kind: str, rel: str, text: str) -> HeldFile | None:
        """What loading the `kind` file `rel` gave when it held exactly `text`, if known."""
        key = (kind, rel, text)
        held = self._files.get(key)
        if held is not None:
            self._files_seen[key] = held
        return held

    def remember_file(self, kind: str, rel: str, text: str, held: HeldFile) -> None:
        """Hold what loading the `kind` file `rel` with `text` gave, for the next load."""
        self._files_seen[(kind, rel, text)] = held

    def watch(self) -> None:
        """From now on, files changed on disk are named (`touched`). What is held was
        checked by stat'ing; the next load goes note by note, once, so that nothing
        changed before the watching began is missed."""
        self.watched = True
        self.notes = None

    def touched(self, rels: Iterable[str]) -> None:
        """Files the editor says changed on disk, by path relative to the root."""
        self.dirty.update(rels)

    def end_load(self) -> None:
        """Keep only the documents this load used, so an edited file's old text is let
        go; the files named as changed have been read."""
        self.dirty.clear()
        self._documents, self._documents_seen = self._documents_seen, {}
        self._files, self._files_seen = self._files_seen, {}
