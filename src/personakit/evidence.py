"""The evidence engine: resolve citations, match quoted text, recompute counts.

Everything a rule or a page needs to know about the evidence behind a claim is
computed here once and cached: which quotes it cites, whether the quoted text is
really in them, what a count recomputes to, how many distinct voices and which kinds
of evidence back it, and how fresh the newest of them is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Count, QuoteRef
from .suggest import closest, did_you_mean, hint

if TYPE_CHECKING:
    from .workspace import ClaimEntry, Note, Quote, Workspace
    from .workspace.sources import SourceRow

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u00a0": " ",
    }
)  # fmt: skip
_ELISION = re.compile(r"\[\s*(?:\.\.\.|\u2026)\s*\]|\u2026|\.\.\.")


def fold(text: str) -> str:
    """Fold case, typographic quotes and whitespace, the way quotes are compared."""
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def elides(text: str) -> bool:
    """Whether a claimed text leaves words out (`[...]` or `…`)."""
    return _ELISION.search(text) is not None


def text_in_quote(claimed: str, quote: str) -> bool:
    """Is `claimed` in `quote`, reading `[...]` and `…` in `claimed` as elisions?"""
    haystack = fold(quote)
    parts = [fold(p) for p in _ELISION.split(claimed)]
    parts = [p for p in parts if p]
    if not parts:
        return False
    pos = 0
    for part in parts:
        found = haystack.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def split_ref(ref: str) -> tuple[str, str, str] | None:
    """`p03#q1` → ("note", "p03", "q1"); `tickets:T-1` → ("source", "tickets", "T-1")."""
    if "#" in ref:
        left, _, right = ref.partition("#")
        return ("note", left.strip(), right.strip()) if left.strip() and right.strip() else None
    if ":" in ref:
        left, _, right = ref.partition(":")
        return ("source", left.strip(), right.strip()) if left.strip() and right.strip() else None
    return None


@dataclass
class Citation:
    """One cited quote, resolved (or not) against the notes and sources."""

    index: int
    ref: QuoteRef
    quote: Quote | None = None
    row: SourceRow | None = None
    error: str | None = None  # why it did not resolve
    misquoted: bool = False
    # It names a note that was read only in part: unresolved, but not wrong either
    # (that file's own finding says why), or resolved into a note some of whose
    # front matter (participant, kind, date) is not known.
    unchecked: bool = False

    @property
    def resolved(self) -> bool:
        """Whether the citation found its quote or source row."""
        return self.quote is not None or self.row is not None

    @property
    def voice(self) -> str | None:
        """Who said it: the note's participant, or the source row's voice."""
        if self.quote is not None:
            return self.quote.note.participant
        return self.row.voice if self.row is not None else None

    @property
    def kind(self) -> str | None:
        """The kind of evidence (interview, support-ticket, ...) behind the citation."""
        if self.quote is not None:
            return self.quote.note.kind
        return self.row.kind if self.row is not None else None

    @property
    def date(self) -> dt.date | None:
        """When the cited evidence was recorded (None when that could not be read)."""
        if self.quote is not None:
            return self.quote.note.date if self.quote.note.knows("date") else None
        return self.row.date if self.row is not None else None

    @property
    def text(self) -> str | None:
        """The cited quote's or row's text."""
        if self.quote is not None:
            return self.quote.text
        return self.row.text if self.row is not None else None


@dataclass
class CountResult:
    """A count recomputed: `n` of `of`, or why it could not be."""

    n: int | None = None
    of: int | None = None
    error: str | None = None  # an unknown source or field: nothing to recompute against
    # A note that may count could not be read in full: n and of are not known.
    unchecked: bool = False
    voices: frozenset[str] = frozenset()  # those counted in n
    population: frozenset[str] = frozenset()  # those counted in of
    kinds: frozenset[str] = frozenset()
    newest: dt.date | None = None
    notes: frozenset[str] = frozenset()  # note ids behind n

    @property
    def recomputed(self) -> bool:
        """Whether the count could be recomputed from the evidence."""
        return self.n is not None


@dataclass
class ClaimEvidence:
    """Everything a claim cites, resolved: its citations and its recomputed count."""

    entry: ClaimEntry
    citations: list[Citation]
    count: CountResult | None
    voices: frozenset[str] = field(default=frozenset())
    kinds: frozenset[str] = field(default=frozenset())
    newest: dt.date | None = None
    # The ids of the notes its citations found their quotes in, and whether it may be
    # taken over by the next lint of a process that holds it (Evidence._take_claims):
    # every citation found its quote and the count is not over a source's rows.
    cited: frozenset[str] = field(default=frozenset())
    portable: bool = False

    @property
    def complete(self) -> bool:
        """Whether every citation resolved and, like the count, was checked against fully
        read files: rules that judge the evidence as a whole (voices, kinds, ages) need
        that, and leave the rest to the finding that says what is missing."""
        return not any(c.unchecked or c.error for c in self.citations) and not (
            self.count is not None and self.count.unchecked
        )


@dataclass(frozen=True)
class _NoteFacts:
    """What counting reads of each note, by the note's position in the workspace."""

    participants: list[str]
    kinds: list[str]
    dates: list[dt.date]
    ids: list[str]


_ROW_FIELDS = ("id", "kind", "role", "date", "tags")
PRODUCT_DATA = "product-data"  # the kind of evidence a count from user data is


class Evidence:
    """Citations and counts of one workspace, resolved once, with indexes for counting."""

    def __init__(self, ws: Workspace, before: Evidence | None = None) -> None:
        self.ws = ws
        self._notes: list[Note] = list(ws.notes.values())
        self._partial: list[Note] = []
        self._field_index: dict[str, dict[str, set[int]]] = {}
        self._tag_index: dict[str, set[int]] | None = None
        self._claims: dict[int, ClaimEvidence] = {}
        self._counts: dict[tuple, CountResult] = {}
        # The notes an `among` selects and their participants, by the `among`: hundreds
        # of counts share a handful of them, and the whole workspace is one.
        self._populations: dict[tuple, tuple[set[int], frozenset[str]] | CountResult] = {}
        self._participants: list[str] | None = None
        self._note_facts: _NoteFacts | None = None
        moved = _moved_notes(ws, before.ws) if before is not None else None
        if before is not None and moved is not None:
            self._take_counts(before)
            self._take_claims(before, moved)
        else:
            self._partial = [n for n in self._notes if not n.complete]

    def _take_counts(self, before: Evidence) -> None:
        """Count as the last lint of this workspace did (a language server's, on every
        edit): every note counts as it did there, so its indexes and note counts hold.
        Counts over a source's rows are left to be counted again."""
        self._field_index = before._field_index
        self._tag_index = before._tag_index
        self._populations = before._populations
        self._participants = before._participants
        self._note_facts = before._note_facts
        self._counts = {key: found for key, found in before._counts.items() if key[1] is None}
        # Read in part there, read in part here: a note that moved kept its unread parts.
        self._partial = [self.ws.notes[note.id] for note in before._partial]

    def _take_claims(self, before: Evidence, moved: set[str]) -> None:
        """Keep what the last lint found for each claim still loaded (an unchanged
        persona file's claims are the same objects: workspace/memory.py) whose every
        citation found its quote in a note not among the `moved` ones (the same object
        here), and whose count was over notes or data (counts over the notes were just
        taken over). Whatever names a source, or did not resolve (its hint weighs every
        note), is found again."""
        current = {id(entry) for entry in self.ws.claims}
        for key, found in before._claims.items():
            # Not current: its persona file changed (held alive here, none has its id).
            if found.portable and key in current and not found.cited & moved:
                self._claims[key] = found

    # -- citations ----------------------------------------------------------------

    def resolve(self, ref: QuoteRef, index: int = 0) -> Citation:
        """Resolve one citation (`NOTE#ANCHOR` or `SOURCE:ROW`) and check its quoted text."""
        cite = Citation(index=index, ref=ref)
        parts = split_ref(ref.ref)
        if parts is None:
            cite.error = f"{ref.ref!r} is not a citation (NOTE#ANCHOR or SOURCE:ROW)"
            return cite
        kind, left, right = parts
        if kind == "note":
            note = self.ws.notes.get(left)
            if note is None:
                if self.ws.unknown_note_ids:
                    cite.unchecked = True  # it may be the note whose id could not be read
                else:
                    cite.error = f"{ref.ref}: no note {left!r}{self._note_hint(left, right)}"
                return cite
            cite.quote = note.quotes.get(right)
            if cite.quote is None:
                # A blockquote meant as this quote but malformed has its own PK004.
                if note.body_read and all(m[2] != right for m in note.malformed_quotes):
                    more = _anchor_hint(note.id, right, list(note.quotes))
                    cite.error = f"{ref.ref}: note {left!r} has no quote ^{right}{more}"
                else:
                    cite.unchecked = True
                return cite
            cite.unchecked = not all(note.knows(f) for f in ("participant", "kind", "date"))
        else:
            rows = self.ws.sources.get(left)
            if rows is None:
                more = hint(left, self.ws.sources)
                cite.error = f"{ref.ref}: no source {left!r} in the config{more}"
                return cite
            cite.row = rows.get(right)
            if cite.row is None:
                more = hint(right, rows)
                cite.error = f"{ref.ref}: source {left!r} has no row {right!r}{more}"
                return cite
        if ref.text is not None:
            cite.misquoted = not text_in_quote(ref.text, cite.text or "")
        return cite

    def _note_hint(self, note_id: str, anchor: str) -> str:
        """`; did you mean 'p03#q1'?` for a citation of an unknown note: the close note
        ids, those holding the cited anchor first (computed only for a finding)."""
        close = closest(note_id, self.ws.notes, limit=5)
        holding = [n for n in close if anchor in self.ws.notes[n].quotes]
        chosen = (holding or close)[:3]
        phrase = did_you_mean([f"{n}#{anchor}" if n in holding else n for n in chosen])
        return f"; {phrase}" if phrase else ""

    def for_claim(self, entry: ClaimEntry) -> ClaimEvidence:
        """Everything known about the evidence of one claim (cached)."""
        cached = self._claims.get(id(entry))
        if cached is not None:
            return cached
        claim = entry.claim
        citations = [self.resolve(ref, i) for i, ref in enumerate(claim.quotes)]
        count = self.count(claim.count) if claim.count is not None else None
        voices = {c.voice for c in citations if c.voice}
        kinds = {c.kind for c in citations if c.kind}
        dates = [c.date for c in citations if c.date]
        if count is not None:
            kinds |= count.kinds
            if count.newest:
                dates.append(count.newest)
        result = ClaimEvidence(
            entry, citations, count, frozenset(voices), frozenset(kinds), max(dates, default=None)
        )
        result.cited = frozenset(c.quote.note.id for c in citations if c.quote is not None)
        result.portable = all(c.quote is not None for c in citations) and not (
            claim.count is not None and claim.count.source is not None
        )
        self._claims[id(entry)] = result
        return result

    # -- counts -------------------------------------------------------------------

    def count(self, count: Count) -> CountResult:
        """Recompute a count over notes (distinct participants) or a source's rows.

        Counts from user data (`segment:`) are recomputed by the data rules instead,
        which need the data engine; here they only name their kind of evidence.
        """
        if count.segment is not None:
            return CountResult(kinds=frozenset({PRODUCT_DATA}))
        if count.tag is None:
            return CountResult()
        key = (count.tag.lower(), count.source, tuple(sorted(count.among.items())))
        cached = self._counts.get(key)
        if cached is None:
            if count.source is not None:
                cached = self._count_rows(count)
            else:
                cached = self._count_notes(count)
            self._counts[key] = cached
        return cached

    def _count_notes(self, count: Count) -> CountResult:
        found = self._population(count.among)
        if isinstance(found, CountResult):
            return found
        matching, population = found
        tag = count.tag.lower() if count.tag else ""
        if any(_uncertain(note, count.among, tag) for note in self._partial):
            return CountResult(unchecked=True)
        tagged = matching & self._tags().get(tag, set())
        # Thousands of notes per tag in a large workspace: each field is looked up in a
        # list made once (what the notes' properties give), not through every note.
        facts = self._facts()
        voices = frozenset(map(facts.participants.__getitem__, tagged))
        return CountResult(
            n=len(voices),
            of=len(population),
            voices=voices,
            population=population,
            kinds=frozenset(map(facts.kinds.__getitem__, tagged)),
            newest=max(map(facts.dates.__getitem__, tagged), default=None),
            notes=frozenset(map(facts.ids.__getitem__, tagged)),
        )

    def _facts(self) -> _NoteFacts:
        if self._note_facts is None:
            notes = self._notes
            self._note_facts = _NoteFacts(
                participants=self._who(),
                kinds=[n.kind for n in notes],
                dates=[n.date for n in notes],
                ids=[n.id for n in notes],
            )
        return self._note_facts

    def _who(self) -> list[str]:
        if self._participants is None:
            self._participants = [n.participant for n in self._notes]
        return self._participants

    def _population(
        self, among: dict[str, tuple[str, ...]]
    ) -> tuple[set[int], frozenset[str]] | CountResult:
        """The notes `among` selects and their participants, or the error it makes."""
        key = tuple(sorted(among.items()))
        found = self._populations.get(key)
        if found is not None:
            return found
        allowed = self.ws.note_fields()
        matching: set[int] | None = None
        for name, values in among.items():
            if name not in allowed:
                more = hint(name, allowed)
                found = CountResult(error=f"among: notes have no field {name!r}{more}")
                self._populations[key] = found
                return found
            index = self._index_for(name)
            chosen: set[int] = set()
            for value in values:
                chosen |= index.get(value, set())
            matching = chosen if matching is None else matching & chosen
        who = self._who()
        if matching is None:
            matching = set(range(len(self._notes)))
            population = frozenset(who)
        else:
            population = frozenset(map(who.__getitem__, matching))
        found = (matching, population)
        self._populations[key] = found
        return found

    def _count_rows(self, count: Count) -> CountResult:
        rows = self.ws.sources.get(count.source or "")
        if rows is None:
            more = hint(count.source or "", self.ws.sources)
            return CountResult(error=f"source: no source {count.source!r} in the config{more}")
        columns = set(next(iter(rows.values())).fields) if rows else set()
        for name in count.among:
            if name not in _ROW_FIELDS and name not in columns:
                more = hint(name, [*_ROW_FIELDS, *columns])
                why = f"among: source {count.source!r} has no field {name!r}{more}"
                return CountResult(error=why)
        tag = (count.tag or "").lower()
        matching = [r for r in rows.values() if _row_matches(r, count.among)]
        tagged = [r for r in matching if tag in r.tags]
        return CountResult(
            n=len(tagged),
            of=len(matching),
            voices=frozenset(r.voice for r in tagged),
            population=frozenset(r.voice for r in matching),
            kinds=frozenset(r.kind for r in tagged),
            newest=max((r.date for r in tagged if r.date), default=None),
        )

    def count_hints(self, count: Count) -> list[str]:
        """Why a tag count may be off by a typo: its tag or an `among` value that nothing
        carries, with the close ones (`no note carries tag 'x'; did you mean 'y'?`).
        Asked only when a count is reported, so counting itself pays nothing."""
        if count.tag is None or count.segment is not None:
            return []
        hints: list[str] = []
        tag = count.tag.lower()
        if count.source is not None:
            rows = list(self.ws.sources.get(count.source, {}).values())
            tags = {t for row in rows for t in row.tags}
            if rows and tag not in tags:
                more = hint(tag, tags)
                hints.append(f"no row of {count.source!r} carries tag {count.tag!r}{more}")
            return hints
        if tag not in self._tags():
            hints.append(f"no note carries tag {count.tag!r}{hint(tag, self._tags())}")
        for name, values in count.among.items():
            if name in self.ws.note_fields():
                seen = set(self._index_for(name))
                hints += _value_hints("no note has", name, values, seen)
        return hints

    def _index_for(self, name: str) -> dict[str, set[int]]:
        index = self._field_index.get(name)
        if index is None:
            index = {}
            for i, note in enumerate(self._notes):
                for value in note.field_values(name):
                    index.setdefault(value, set()).add(i)
            self._field_index[name] = index
        return index

    def _tags(self) -> dict[str, set[int]]:
        if self._tag_index is None:
            self._tag_index = {}
            for i, note in enumerate(self._notes):
                for tag in note.tags:
                    self._tag_index.setdefault(tag, set()).add(i)
        return self._tag_index

    # -- what is cited ------------------------------------------------------------

    def used_notes(self) -> set[str]:
        """Notes that some claim quotes or counts, or some decision rests on."""
        used: set[str] = set()
        for entry in self.ws.claims:
            ev = self.for_claim(entry)
            used |= ev.cited
            if ev.count is not None:
                used |= ev.count.notes
        for decision in self.ws.decisions.values():
            for ref in decision.meta.rests_on:
                parts = split_ref(ref)
                if parts and parts[0] == "note" and parts[1] not in self.ws.personas:
                    used.add(parts[1])
        return used


def _value_hints(prefix: str, name: str, values: tuple[str, ...], seen: set[str]) -> list[str]:
    """`no note has role 'ops-admn'; did you mean 'ops-admin'?` for each value nothing has."""
    return [f"{prefix} {name} {v!r}{hint(v, seen)}" for v in values if v not in seen]


# A note with at most this many quotes has them all listed when none is close.
_LISTED_ANCHORS = 8


def _anchor_hint(note_id: str, anchor: str, anchors: list[str]) -> str:
    """`; did you mean 'p03#q1'?`, or the note's anchors when none is close."""
    close = closest(anchor, anchors)
    if close:
        return "; " + did_you_mean([f"{note_id}#{a}" for a in close])
    if not anchors:
        return "; it has no quotes yet"
    if len(anchors) <= _LISTED_ANCHORS:
        return "; its quotes are " + ", ".join(f"^{a}" for a in anchors)
    return ""


def _moved_notes(ws: Workspace, before: Workspace) -> set[str] | None:
    """The ids of the notes of `ws` that are not those of `before`, when every count over
    the notes comes out as it did there (else None): the same config (which fields
    `among` may name) and, note by note in the same order, the same note or one with the
    same id, front matter, tags and unread parts (an edit to a note's prose or a quote's
    wording)."""
    if ws.config != before.config or len(ws.notes) != len(before.notes):
        return None
    moved: set[str] = set()
    for now, was in zip(ws.notes.values(), before.notes.values(), strict=True):
        if now is was:
            continue
        if (now.id, now.tags, now.unread, now.body_read) != (
            was.id,
            was.tags,
            was.unread,
            was.body_read,
        ) or now.meta != was.meta:
            return None
        moved.add(now.id)
    return moved


def _uncertain(note: Note, among: dict[str, tuple[str, ...]], tag: str) -> bool:
    """Whether a note read only in part may change a count: it may match `among` by a
    field that could not be read, or it matches and who it is, or whether it carries
    the tag, is not known."""
    if not note.body_read:
        return True
    unknown = False
    for name, values in among.items():
        if not note.knows(name):
            unknown = True
        elif not set(note.field_values(name)) & set(values):
            return False  # a field that was read rules it out
    if unknown or not note.knows("participant"):
        return True
    return tag not in note.tags and not note.knows("tags")


def _row_matches(row: SourceRow, among: dict[str, tuple[str, ...]]) -> bool:
    for name, values in among.items():
        if name == "tags":
            if not row.tags.intersection(v.lower() for v in values):
                return False
            continue
        if name == "role":
            actual = row.role or ""
        elif name == "kind":
            actual = row.kind
        elif name == "date":
            actual = row.date.isoformat() if row.date else ""
        elif name == "id":
            actual = row.id
        else:
            actual = row.fields.get(name, "").strip()
        if actual not in values:
            return False
    return True


@dataclass
class TagTable:
    """How many distinct participants carry each tag, by the values of one field."""

    field: str
    columns: list[str]  # the field's values, sorted
    totals: dict[str, int]  # participants per value (the `of` of each column)
    rows: dict[str, dict[str, int]]  # tag -> value -> participants carrying it
    all_participants: int = 0
    # Spelled out: in this class body `field` reads as the attribute above, not the function.
    tag_totals: dict[str, int] = dataclasses.field(default_factory=dict)  # tag -> participants


def tag_table(ws: Workspace, field_name: str) -> TagTable:
    """The raw material of counts: participants per tag, split by a front-matter field.

    A participant counts once per column, with the tags of their notes in that column.
    """
    by_value: dict[str, dict[str, set[str]]] = {}
    everyone: dict[str, set[str]] = {}
    for note in ws.notes.values():
        if not all(note.knows(f) for f in ("participant", "tags", field_name)):
            continue  # read only in part (PK001/PK002): where it stands is not known
        values = note.field_values(field_name) or ["(none)"]
        for value in values:
            column = by_value.setdefault(value, {})
            column.setdefault("", set()).add(note.participant)
            for tag in note.tags:
                column.setdefault(tag, set()).add(note.participant)
        for tag in note.tags:
            everyone.setdefault(tag, set()).add(note.participant)
    columns = sorted(by_value)
    tags = sorted(everyone)
    return TagTable(
        field=field_name,
        columns=columns,
        totals={c: len(by_value[c][""]) for c in columns},
        rows={t: {c: len(by_value[c].get(t, ())) for c in columns} for t in tags},
        all_participants=len({n.participant for n in ws.notes.values() if n.participant}),
        tag_totals={t: len(everyone[t]) for t in tags},
    )
