"""Read a workspace from disk into documents, collecting parse and schema problems.

Problems in personas, notes, journeys and decisions become PK001/PK002 findings, so one
run reports them all, and so does a file that is not read at all (a FIFO or device, an
oversized file: see reading.py). Such a note or persona still contributes what can be
read (partial.py), and `Workspace.unread` names it so that nothing refers into it
unchecked. Only what stops the whole command (no workspace, a
broken config or lock, an unreadable file or folder, a link out of the workspace)
raises WorkspaceError.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError, WorkspaceError
from ..file_stats import stat_of
from ..fs import check_name, contained
from ..gc_pause import paused_gc
from ..model import CLAIM_SECTIONS, LOCK_NAME, DecisionMeta, Journey, Persona
from ..model.documents import (
    ClaimEntry,
    DecisionDoc,
    JourneyDoc,
    Note,
    PersonaDoc,
    Quote,
    Workspace,
)
from ..model.records import Problem
from .config import CONFIG_NAME, load_config
from .frontmatter import FrontMatter, split_front_matter
from .held_notes import HeldNotes, changed, patched
from .loader import YamlDoc, YamlError, parse_yaml, salvage_mapping
from .memory import HeldFile, WorkspaceMemory
from .note_cache import FACTS, NoteCache
from .note_file import NoteFile
from .note_pool import read_notes
from .note_reader import PARSE_ERROR, NoteReader, stem
from .notes import parse_body
from .partial import partial_persona
from .reading import Skipped, Walker, read_inside
from .root import root_of
from .sources import read_source
from .suppressions import find_suppressions
from .validation import validate_doc


def load_workspace(
    root: str | Path | None = None,
    *,
    evidence: bool = True,
    cache: bool = False,
    overrides: Mapping[str, str] | None = None,
    memory: WorkspaceMemory | None = None,
) -> Workspace:
    """Load the workspace at `root` (or found by walking up from the current folder).

    With `evidence=False` only the config, personas and journeys are read: enough for
    the data commands, which need segments but no notes, decisions or sources. With
    `cache`, notes unchanged since the last such load are not parsed again
    (note_cache.py). `overrides` gives the text of files (by path relative to the root)
    as an editor holds them, unsaved, instead of what is on disk (the language server).
    `memory` holds the notes between loads in one process (memory.py): a note whose
    file did not change is then not read again, and the note cache is read only when
    nothing is held yet.
    """
    if root is not None:
        check_name(root)  # a NUL byte or an over-long name: our one line, not an OSError
    root_path = root_of(root)
    # A config that exists but is a folder, a FIFO or a link out is refused when read.
    if not os.path.lexists(root_path / CONFIG_NAME):
        raise WorkspaceError(f"no {CONFIG_NAME} in {root_path} (see `personakit init`)")
    with paused_gc():
        return _Loader(root_path, overrides or {}, memory).load(evidence, cache)


class _Loader:
    def __init__(
        self, root: Path, overrides: Mapping[str, str], memory: WorkspaceMemory | None = None
    ) -> None:
        self.root = root
        self.overrides = overrides
        self.memory = memory
        self.root_str = str(root)
        self.walker = Walker(self.root_str, memory.listings if memory is not None else None)
        config_text = self._read_required(str(root / CONFIG_NAME), CONFIG_NAME)
        config, doc = load_config(root, config_text)
        self.ws = Workspace(root=root, config=config, config_doc=doc)
        self.ws.folders = self.walker.folders  # filled in as the folders are walked
        self.ws.texts[CONFIG_NAME] = config_text
        self._index_suppressions(CONFIG_NAME, config_text, markdown=False)

    def load(self, evidence: bool = True, cache: bool = False) -> Workspace:
        ws = self._load(evidence, cache)
        if self.memory is not None:
            self.memory.end_load()
        return ws

    def _load(self, evidence: bool, cache: bool) -> Workspace:
        for path in self._files("personas", (".yaml", ".yml")):
            self._load_persona(path)
        for path in self._files("journeys", (".yaml", ".yml")):
            self._load_journey(path)
        if not evidence:
            return self.ws
        self._load_notes(cache)
        for path in self._files("decisions", (".md",)):
            self._load_decision(path)
        for name, conf in self.ws.config.sources.items():
            self._load_source(name, conf)
        lock = os.path.join(self.root_str, LOCK_NAME)
        if os.path.lexists(lock):
            # Only read here: the Session parses it (review.read_lock), so loading
            # stays files -> model and knows nothing of reviews.
            self.ws.lock_text = self._read_required(lock, LOCK_NAME)
        return self.ws

    # -- reading --------------------------------------------------------------------
    # Plain strings and os.scandir rather than pathlib: with ten thousand notes, path
    # objects cost more than parsing the files.

    def _files(self, folder: str, suffixes: tuple[str, ...], recursive: bool = False) -> list[str]:
        """Files of a folder (hidden ones skipped), as absolute paths, sorted."""
        return self.walker.files(folder, suffixes, recursive)

    def _rel(self, path: str) -> str:
        return self.walker.rel(path)

    def _read(self, path: str, rel: str) -> str:
        """A file's text (as the editor holds it, if overridden); Skipped (not a regular
        file, too large) is left to the caller."""
        if rel in self.overrides:
            return self.overrides[rel]
        return read_inside(self.root_str, path, rel)

    def _read_required(self, path: str, rel: str) -> str:
        """A file the command cannot do without: a skipped one stops it."""
        try:
            return self._read(path, rel)
        except Skipped as exc:
            raise WorkspaceError(str(exc), rel) from None

    def _take(self, path: str, markdown: bool) -> tuple[str, str | None]:
        """A document's path and text; None (and a PK001 finding) when it was skipped."""
        rel = self._rel(path)
        try:
            text = self._read(path, rel)
        except Skipped as exc:
            self._problem(PARSE_ERROR, rel, 1, 1, str(exc))
            return rel, None
        self.ws.texts[rel] = text
        self._index_suppressions(rel, text, markdown)
        return rel, text

    def _index_suppressions(self, rel: str, text: str, markdown: bool) -> None:
        found = find_suppressions(text, markdown)
        if found:
            self.ws.suppressions[rel] = found

    def _problem(self, code: str, rel: str, line: int, col: int, message: str) -> None:
        self.ws.problems.append((code, Problem(rel, line, col, message)))

    def _parse(self, rel: str, text: str) -> YamlDoc | None:
        memory = self.memory
        held = memory.document(text) if memory is not None else None
        if held is not None:
            return held
        try:
            doc = parse_yaml(text)
        except YamlError as exc:
            self._problem(PARSE_ERROR, rel, exc.line, exc.column, exc.message)
            return None
        if memory is not None:
            memory.remember_document(text, doc)
        return doc

    def _front(self, rel: str, text: str) -> FrontMatter | None:
        try:
            return split_front_matter(text)
        except YamlError as exc:
            self._problem(PARSE_ERROR, rel, exc.line, exc.column, exc.message)
            return None

    def _validate(self, model: type[BaseModel], rel: str, doc: YamlDoc, what: str) -> Any:
        return self._check(model, rel, doc, what)[0]

    def _check(
        self, model: type[BaseModel], rel: str, doc: YamlDoc, what: str
    ) -> tuple[Any, ValidationError | None]:
        """The validated document, or None and the error (None too when the document
        is not a mapping); each problem is reported as a PK002 finding."""
        return validate_doc(model, rel, doc, what, self.ws.problems)

    # -- documents ------------------------------------------------------------------

    def _load_persona(self, path: str) -> None:
        rel, text = self._take(path, markdown=False)
        self._load_held("persona", path, rel, text, self._read_persona)

    def _load_held(
        self,
        kind: str,
        path: str,
        rel: str,
        text: str | None,
        read: Callable[[str, str, str | None], None],
    ) -> None:
        """Load a persona or decision file with `read`, or, in a process that holds the
        workspace (memory.py), take what loading the same file with the same text gave:
        it depends on nothing else, so an unchanged persona's claims stay the same
        objects and what evidence found for them is taken over (evidence.py)."""
        memory = self.memory
        if memory is None or text is None:
            read(path, rel, text)
            return
        table: dict[str, Any] = self.ws.personas if kind == "persona" else self.ws.decisions
        doc_id = stem(path)
        held = memory.held_file(kind, rel, text)
        if held is None:
            problems = len(self.ws.problems)
            read(path, rel, text)
            held = HeldFile(
                table.get(doc_id),
                tuple(self.ws.problems[problems:]),
                self.ws.is_unread(kind, doc_id),
            )
            memory.remember_file(kind, rel, text, held)
            return
        self.ws.problems.extend(held.problems)
        if held.unread:
            self.ws.mark_unread(kind, doc_id)
        if held.doc is not None:
            table[doc_id] = held.doc

    def _read_persona(self, path: str, rel: str, text: str | None) -> None:
        doc = self._parse(rel, text) if text is not None else None
        persona_id = stem(path)
        if doc is None:
            self.ws.mark_unread("persona", persona_id)
            if text is not None:
                self._salvage_persona(path, rel, text)
            return
        persona, error = self._check(Persona, rel, doc, "persona")
        kept: dict[str, list[Any]] = {}
        complete = persona is not None
        if persona is None:
            # Its problems are reported; its valid claims still count and can be cited.
            self.ws.mark_unread("persona", persona_id)
            partial = partial_persona(persona_id, doc.data, error) if error else None
            if partial is None:
                return
            persona, kept = partial
        self._add_persona(path, rel, persona, kept, doc, complete)

    def _salvage_persona(self, path: str, rel: str, text: str) -> None:
        """A persona file that is not valid YAML: its fields that parse on their own
        (the PK001 finding is reported; what else is wrong waits for its fix)."""
        salvaged = salvage_mapping(text.split("\n"))
        if not salvaged.doc.data:
            return
        kept: dict[str, list[Any]] = {}
        try:
            persona = Persona.model_validate(salvaged.doc.data)
        except ValidationError as exc:
            partial = partial_persona(stem(path), salvaged.doc.data, exc)
            if partial is None:
                return
            persona, kept = partial
        self._add_persona(path, rel, persona, kept, salvaged.doc, complete=False)

    def _add_persona(
        self,
        path: str,
        rel: str,
        persona: Persona,
        kept: dict[str, list[Any]],
        doc: YamlDoc,
        complete: bool,
    ) -> None:
        persona_id = stem(path)
        pdoc = PersonaDoc(id=persona_id, path=rel, model=persona, doc=doc, complete=complete)
        for section in CLAIM_SECTIONS:
            where = kept.get(section)
            for i, claim in enumerate(getattr(persona, section)):
                index = where[i] if where is not None else i
                pdoc.claims.append(ClaimEntry(pdoc.id, rel, (section, index), claim, doc))
        for key, cell in persona.journey.items():
            for part in ("success", "goes_wrong"):
                claim = getattr(cell, part)
                if claim is not None:
                    pdoc.claims.append(ClaimEntry(pdoc.id, rel, ("journey", key, part), claim, doc))
        self.ws.personas[pdoc.id] = pdoc

    def _load_notes(self, cache: bool) -> None:
        """Every note, through the note cache when `cache` (note_cache.py)."""
        notes = self._files("interviews", (".md",), recursive=True)
        allowed = frozenset(self.ws.note_fields())
        held = self.memory.for_fields(allowed) if self.memory is not None else None
        kept = NoteCache(self.root, allowed) if cache and not held else None
        if kept is None or not kept.enabled:
            reader = NoteReader(self.root_str, allowed, overrides=self.overrides, memory=held)
        else:
            reader = NoteReader(
                self.root_str,
                allowed,
                known=kept.known,
                keep=True,
                overrides=self.overrides,
                memory=held,
            )
        last = self.memory.notes if held and self.memory is not None else None
        if last is not None and last.paths == notes:  # the same listing: the same names
            files = last.files
        else:
            files = [(path, self._rel(path)) for path in notes]
        if held and self._patch_notes(files, allowed, reader):
            return
        entries: dict[str, list[Any]] = {}
        read: list[NoteFile] = []
        unchanged = self._unchanged(files, held) if held else {}
        # Closed as soon as the loop ends, however it ends: the reader's workers are
        # then gone, not left to the garbage collector.
        with contextlib.closing(
            read_notes(reader, [f for f in files if f[1] not in unchanged])
        ) as fresh:
            for _path, rel in files:
                same = unchanged.get(rel)
                note = next(fresh) if same is None else same[0]
                self._add_note_file(note, None if same is None else same[1])
                read.append(note)
                if note.entry is not None:
                    entries[note.rel] = note.entry
                    if note.entry[FACTS] is not None:
                        self.ws.note_facts[note.rel] = note.entry[FACTS]
        if kept is not None and kept.enabled:
            kept.save(entries)
        if self.memory is not None:
            self.memory.replace(read, self.overrides)
            self.memory.notes = HeldNotes.of(files, allowed, read, self.ws)

    def _patch_notes(
        self, files: list[tuple[str, str]], allowed: frozenset[str], reader: NoteReader
    ) -> bool:
        """Take the last load's notes with the few that changed read again (held_notes.py);
        whether that could be done (else they are loaded note by note)."""
        memory = self.memory
        assert memory is not None
        last = memory.notes
        if last is None or last.allowed != allowed:
            return False
        # The editor names the notes changed on disk only where the folder was walked
        # without a link: a note reached through one is named by its own path.
        named = memory.dirty if memory.watched and self.walker.plain("interviews") else None
        moved = changed(last, files, self.overrides, named)
        if moved is None:
            return False
        fresh = [reader.read(*files[i]) for i in moved]
        now = patched(last, moved, fresh, self._built)
        if now is None:
            return False
        now.add_to(self.ws)
        memory.swap([last.reads[i] for i in moved], fresh, self.overrides)
        memory.notes = now
        return True

    def _built(self, read: NoteFile) -> Note:
        """The model of a note read, built once for a process that holds it (memory.py)."""
        note = self.memory.built(read) if self.memory is not None else None
        if note is None:
            note = build_note(read)
            if self.memory is not None:
                self.memory.remember_built(read, note)
        return note

    def _unchanged(
        self, files: list[tuple[str, str]], held: Mapping[str, NoteFile]
    ) -> dict[str, tuple[NoteFile, Note]]:
        """The held notes (memory.py) whose files have the stat they were read with, not
        overridden by an editor's buffer, with the model built from each: a language
        server's load after one edit takes ten thousand of these and reads one note."""
        memory = self.memory
        assert memory is not None
        overrides = self.overrides
        found: dict[str, tuple[NoteFile, Note]] = {}
        for path, rel in files:
            kept = held.get(rel)
            if kept is None or rel in overrides or kept.stat != stat_of(path):
                continue
            note = memory.built(kept)
            if note is not None:
                found[rel] = (kept, note)
        return found

    def _add_note_file(self, read: NoteFile, note: Note | None = None) -> None:
        """Add a note read by note_reader.NoteReader (or held, with the model built
        from it), in file order."""
        if read.stop is not None:
            raise WorkspaceError(*read.stop)
        rel = read.rel
        if read.text is not None:
            self.ws.texts[rel] = read.text
        if read.suppressions:
            self.ws.suppressions[rel] = read.suppressions
        if read.problems:
            self.ws.problems.extend(read.problems)
        if note is None:
            note = self._built(read)
        if not note.complete:
            self.ws.mark_unread("note", note.id)
            if "id" in note.unread:
                self.ws.unknown_note_ids = True
        if note.id in self.ws.notes:
            self.ws.duplicate_notes.append(note)
        else:
            self.ws.notes[note.id] = note

    def _load_journey(self, path: str) -> None:
        rel, text = self._take(path, markdown=False)
        doc = self._parse(rel, text) if text is not None else None
        journey = self._validate(Journey, rel, doc, "journey") if doc is not None else None
        if doc is None or journey is None:
            # Steps it names cannot be checked; its own finding says why.
            self.ws.mark_unread("journey", stem(path))
            return
        self.ws.journeys[stem(path)] = JourneyDoc(stem(path), rel, journey, doc)

    def _load_decision(self, path: str) -> None:
        rel, text = self._take(path, markdown=True)
        self._load_held("decision", path, rel, text, self._read_decision)

    def _read_decision(self, path: str, rel: str, text: str | None) -> None:
        front = self._front(rel, text) if text is not None else None
        meta = None
        if front is not None:
            meta = self._validate(DecisionMeta, rel, front.doc, "decision's front matter")
        if front is None or meta is None:
            self.ws.mark_unread("decision", stem(path))
            return
        title = meta.title or parse_body(front.body, front.body_line).title
        self.ws.decisions[stem(path)] = DecisionDoc(
            stem(path), rel, meta, front.doc, title, front.body_line
        )

    def _load_source(self, name: str, conf: Any) -> None:
        where = f"sources.{name}.path"
        line = self.ws.config_doc.position(("sources", name, "path"))[0]

        def refuse(reason: str) -> ConfigError:
            return ConfigError(f"{where}: {reason}", CONFIG_NAME, line)

        shown = _shown(conf.path)
        try:
            check_name(conf.path, shown_as=where)
        except WorkspaceError as exc:
            raise refuse(f"{exc.message} ({shown})") from None
        try:
            path = contained(self.root, conf.path, shown_as=where)
        except WorkspaceError as exc:
            raise refuse(f"{shown} {exc.message}") from None
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            raise refuse(f"no file {shown}") from None
        except OSError as exc:
            raise refuse(f"cannot read {shown}: {exc.strerror or exc}") from None
        if stat.S_ISDIR(mode):
            raise refuse(f"{shown} is a folder, not a CSV file")
        rel = self._rel(str(path))
        try:
            text = self._read(str(path), rel)
        except Skipped as exc:
            raise refuse(f"{shown} is {exc}") from None
        self.ws.texts[rel] = text
        self._index_suppressions(rel, text, markdown=False)
        rows = read_source(name, conf, rel, text)
        by_id: dict[str, Any] = {}
        for row in rows:
            if row.id in by_id:
                self.ws.duplicate_rows.append(row)
            else:
                by_id[row.id] = row
        self.ws.sources[name] = by_id


def _shown(path: str) -> str:
    """A path from the config as a message shows it: quoted, escaped, not too long."""
    shown = repr(path)
    return shown if len(shown) <= 80 else f"{shown[:40]}…{shown[-30:]}"


def build_note(read: NoteFile) -> Note:
    """The model of a note read by note_reader.NoteReader (nothing of the workspace: a
    note held in memory is built once, memory.py)."""
    meta, body = read.meta, read.body
    assert meta is not None and body is not None  # set unless `stop`
    note = Note(
        id=meta.id or stem(read.path),
        path=read.rel,
        meta=meta,
        id_position=read.positions.get("id", (1, 1)) if meta.id else (1, 1),
        title=meta.title or body.title,
        body_line=read.body_line,
        unread=read.unread,
        body_read=read.body_read,
    )
    note.malformed_quotes = body.malformed
    tags = {t.lower() for t in meta.tags}
    for parsed in body.quotes:
        quote_tags = frozenset(t.lower() for t in parsed.tags)
        tags |= quote_tags
        quote = Quote(note, parsed.anchor, parsed.text, quote_tags, parsed.line, parsed.column)
        if parsed.anchor in note.quotes:
            note.duplicate_quotes.append(quote)
        else:
            note.quotes[parsed.anchor] = quote
    note.tags = frozenset(tags)
    return note
