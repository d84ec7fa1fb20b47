"""The loaded workspace: documents with their positions, ready for a Session.

Plain data: nothing here opens a file, an engine or the review lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import Config
from .formats import Claim, DataCount, DecisionMeta, Job, Journey, NoteMeta, Persona
from .positions import DataPath, YamlDoc
from .records import Problem, SourceRow, Suppression

LOCK_NAME = "personakit.lock"


@dataclass(eq=False)
class Quote:
    """A quote of a note: a blockquote ending in `^anchor`, with its tags and position."""

    note: Note = field(repr=False)
    anchor: str
    text: str
    tags: frozenset[str]
    line: int
    column: int

    @property
    def ref(self) -> str:
        """How the quote is cited: `NOTE#ANCHOR`."""
        return f"{self.note.id}#{self.anchor}"


@dataclass(eq=False)
class Note:
    """An interview note (or other record): front matter, quotes and tags."""

    id: str
    path: str
    meta: NoteMeta
    # Only the id's position outlives loading: keeping every note's YAML node tree
    # for positions nobody asks for would cost more memory than the notes themselves.
    id_position: tuple[int, int]
    title: str | None
    body_line: int = 1  # where the Markdown body starts, for rendering it
    quotes: dict[str, Quote] = field(default_factory=dict)
    duplicate_quotes: list[Quote] = field(default_factory=list)
    tags: frozenset[str] = frozenset()  # note-level tags and every quote's tags
    # Front-matter fields that could not be read (the file has a PK001/PK002 finding):
    # `meta` holds a stand-in for each, which evidence never counts on.
    unread: frozenset[str] = frozenset()
    body_read: bool = True  # False when the file could not be read at all
    # Blockquotes that look like quotes but are not proper ones (PK004): line, what to
    # move, and the anchor meant (a citation of it waits for the fix, no PK102).
    malformed_quotes: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether everything in the note was read (no load problem left a field out)."""
        return not self.unread and self.body_read

    def knows(self, name: str) -> bool:
        """Whether front-matter field `name` was read (its value, or its absence, is real)."""
        return name not in self.unread

    @property
    def participant(self) -> str:
        """The participant code from the front matter ("" when it could not be read)."""
        return self.meta.participant if "participant" not in self.unread else ""

    @property
    def kind(self) -> str:
        """The kind of record (interview, support-ticket, ...; "" when it could not be read)."""
        return self.meta.kind.value if "kind" not in self.unread else ""

    @property
    def date(self) -> dt.date:
        """When the conversation or record took place."""
        return self.meta.date

    def field_values(self, name: str) -> list[str]:
        """A front-matter field as strings, for `among` matching (lists give each item);
        none for a field that could not be read."""
        if name in self.unread:
            return []
        value = getattr(self.meta, name, None)
        if value is None:
            return []
        if isinstance(value, list):
            return [str(v) for v in value]
        return [str(getattr(value, "value", value))]


@dataclass(eq=False)
class ClaimEntry:
    """One claim of a persona with where it stands in the file."""

    persona: str
    path: str
    loc: DataPath
    claim: Claim | Job
    doc: YamlDoc = field(repr=False)

    @property
    def section(self) -> str:
        """The persona section the claim stands in (jobs, stalls, journey, ...)."""
        return str(self.loc[0]) if self.loc[0] != "journey" else str(self.loc[2])

    @property
    def position(self) -> tuple[int, int]:
        """Line and column of the claim's first line."""
        return self.doc.position(self.loc)

    @property
    def key(self) -> str:
        """`PERSONA#ID`, or `PERSONA#section[i]` for a claim without an id."""
        if self.claim.id:
            return f"{self.persona}#{self.claim.id}"
        if self.loc[0] == "journey":
            return f"{self.persona}#journey[{self.loc[1]}].{self.loc[2]}"
        return f"{self.persona}#{self.loc[0]}[{self.loc[1]}]"

    @property
    def label(self) -> str:
        """The claim's text, shortened for messages."""
        claim = self.claim
        if isinstance(claim, Job):
            return claim.want or claim.when or claim.so or claim.id or "job story"
        return claim.text

    def citation_position(self, index: int) -> tuple[int, int]:
        """Line and column of the claim's `i`-th citation."""
        return self.doc.position((*self.loc, "quotes", index))

    def count_position(self) -> tuple[int, int]:
        """Line and column of the claim's count."""
        return self.doc.position((*self.loc, "count"))


@dataclass(eq=False)
class PersonaDoc:
    """A persona file: the validated card, its YAML positions and its claims."""

    id: str
    path: str
    model: Persona
    doc: YamlDoc
    claims: list[ClaimEntry] = field(default_factory=list)
    # False when a load problem left claims, cells or fields out (they may be cited).
    complete: bool = True


@dataclass(eq=False)
class JourneyDoc:
    """A journey file: its steps and positions."""

    id: str
    path: str
    model: Journey
    doc: YamlDoc

    @cached_property
    def step_ids(self) -> set[str]:
        """The journey's step ids, in order."""
        return {s.id for s in self.model.steps}


@dataclass(eq=False)
class DecisionDoc:
    """A decision file: front matter, title and where its body starts."""

    id: str
    path: str
    meta: DecisionMeta
    doc: YamlDoc
    title: str | None
    body_line: int = 1


@dataclass(eq=False)
class Workspace:
    """Everything read from one workspace, read once; nothing later goes back to disk."""

    root: Path
    config: Config
    config_doc: YamlDoc
    texts: dict[str, str] = field(default_factory=dict)  # every file read, by relative path
    folders: list[str] = field(default_factory=list)  # every folder listed, absent ones too
    personas: dict[str, PersonaDoc] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    duplicate_notes: list[Note] = field(default_factory=list)
    journeys: dict[str, JourneyDoc] = field(default_factory=dict)
    decisions: dict[str, DecisionDoc] = field(default_factory=dict)
    sources: dict[str, dict[str, SourceRow]] = field(default_factory=dict)
    duplicate_rows: list[SourceRow] = field(default_factory=list)
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # PK001/PK002 at load
    # Ids of files read only in part or not at all, by kind (persona, journey, note,
    # decision): what refers into them cannot be checked, and their own finding says why.
    unread: dict[str, set[str]] = field(default_factory=dict)
    # A note whose id could not be read stands under its file's stem: a citation of an
    # unknown note may mean it.
    unknown_note_ids: bool = False
    # The digest of what lint sees of each note the note cache kept, by path: a lint
    # entry records it so that an edit to a note's prose keeps its answer (lint_delta.py).
    note_facts: dict[str, str] = field(default_factory=dict)
    # personakit.lock's text as read (None: there is none); review.py parses it.
    lock_text: str | None = None
    # The day "stale" and "recent" are measured from; lint's --as-of sets it.
    today: dt.date = field(default_factory=dt.date.today)

    def is_unread(self, kind: str, doc_id: str) -> bool:
        """Whether the `kind` file with this id (persona, journey, note, decision) was
        read only in part or not at all, so that references into it cannot be checked."""
        return doc_id in self.unread.get(kind, ())

    def load_problems(self, folder: str, doc_id: str) -> list[Problem]:
        """The PK001/PK002 problems found loading the file of `folder` (`personas`, ...)
        whose stem is `doc_id`, first line first."""
        found = [
            p
            for _code, p in self.problems
            if p.path.startswith(folder + "/") and p.path.rsplit("/", 1)[-1].split(".")[0] == doc_id
        ]
        return sorted(found, key=lambda p: (p.line, p.column))

    def mark_unread(self, kind: str, doc_id: str) -> None:
        """Record that the `kind` file with this id was read only in part or not at all."""
        self.unread.setdefault(kind, set()).add(doc_id)

    @property
    def claims(self) -> list[ClaimEntry]:
        """Every claim of every persona, in file order."""
        return [c for p in self.personas.values() for c in p.claims]

    def body(self, path: str, body_line: int) -> str:
        """The Markdown body of a note or decision, from the text read at load."""
        return body_of(self.texts.get(path, ""), body_line)

    def data_counts(self) -> list[tuple[ClaimEntry, DataCount]]:
        """Every count from data (one naming a `segment`) with its claim, in file order."""
        return [
            (entry, count)
            for entry in self.claims
            if isinstance(count := entry.claim.count, DataCount)
        ]

    def has_data_claims(self) -> bool:
        """Whether anything here needs the data engine: a segment or a count from data."""
        return any(p.model.segment is not None for p in self.personas.values()) or bool(
            self.data_counts()
        )

    def note_fields(self) -> set[str]:
        """Front-matter fields a count's `among` may name."""
        return set(NoteMeta.model_fields) | set(self.config.note_fields)


def body_of(text: str, body_line: int) -> str:
    """The Markdown body of a note's or decision's `text`, from line `body_line` on."""
    return "\n".join(text.split("\n")[body_line - 1 :])
