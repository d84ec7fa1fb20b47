"""What a process that loads the workspace again and again (the language server, on
every edit) holds between loads.

A held note is used again while its file's stat (inode, size, modification and change
time) is the one taken before it was read, and while the config allows the same front
matter fields: then it is not even read. What an editor holds unsaved is never held.
Each load replaces what is held with what it read, so a removed note is let go.

The YAML documents of the other files (personas, journeys) are held by their text: the
same text composes to the same document, which nothing changes after loading, so only
an edited file is composed again; validating it, which reports its problems, still runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.documents import Note
from ..model.positions import YamlDoc
from .note_file import NoteFile


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

    def for_fields(self, allowed: frozenset[str]) -> dict[str, NoteFile]:
        """What may be used again by a load whose notes may hold `allowed`."""
        if allowed != self.allowed:
            self.held = {}
            self._built = {}
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

    def document(self, text: str) -> YamlDoc | None:
        """The document composed earlier from exactly `text`, if any."""
        doc = self._documents.get(text)
        if doc is not None:
            self._documents_seen[text] = doc
        return doc

    def remember_document(self, text: str, doc: YamlDoc) -> None:
        """Hold the document composed from `text` for the next load."""
        self._documents_seen[text] = doc

    def end_load(self) -> None:
        """Keep only the documents this load used, so an edited file's old text is let go."""
        self._documents, self._documents_seen = self._documents_seen, {}
