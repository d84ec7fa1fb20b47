"""Where a persona's evidence is thin, and what would close each gap.

A ranked to-do list built from one lint run: the claims lint calls single-voice
(PK107), not triangulated (PK109) or stale (PK108) are those findings, matched by the
claim's position, never re-decided here. What this module adds is the way out: the
uncited quotes that would give such a claim another voice, another kind of evidence or
newer evidence; the count a claim could state, computed now; the tags many
participants of a persona's role carry that no claim of the persona cites; and the
journey cells of primary and secondary personas with nothing in them.

Pure: it reads the session and the findings, never the disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .findings import Finding
    from .session import Session
    from .workspace import ClaimEntry, PersonaDoc, Quote

# The kinds of gap, in the order the to-do list ranks them within a persona.
KINDS = ("stale", "single-voice", "single-kind", "count", "empty-cell", "uncited-tag")
SUGGESTIONS = 3  # suggested quotes per claim
CANDIDATE_QUOTES = 5  # quotes shown with a candidate claim
MIN_PARTICIPANTS = 3  # participants of a role carrying a tag, for a candidate claim
_PRIORITY = {"primary": 0, "secondary": 1, "not-targeted": 2}


@dataclass
class Suggestion:
    """An uncited quote that would strengthen a claim."""

    ref: str
    text: str
    participant: str
    kind: str
    date: dt.date
    shared_tags: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The suggestion as the JSON output writes it."""
        return {
            "ref": self.ref,
            "text": self.text,
            "participant": self.participant,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "shared_tags": self.shared_tags,
        }


@dataclass
class Gap:
    """One item of the to-do list: where the evidence is thin, and what would close it."""

    kind: str
    persona: str
    path: str
    line: int
    subject: str  # the claim's key, the cell (JOURNEY/STEP) or the tag
    text: str  # the claim's text, or what is missing
    close: str  # what would close the gap, in one sentence
    quotes: list[Suggestion] = field(default_factory=list)
    count: dict[str, Any] | None = None
    priority: str = "secondary"

    def as_dict(self) -> dict[str, Any]:
        """The gap as the JSON output writes it (every key always present)."""
        return {
            "kind": self.kind,
            "persona": self.persona,
            "path": self.path,
            "line": self.line,
            "subject": self.subject,
            "text": self.text,
            "close": self.close,
            "quotes": [q.as_dict() for q in self.quotes],
            "count": self.count,
        }


def find_gaps(
    session: Session, findings: Iterable[Finding], persona: str | None = None
) -> list[Gap]:
    """The gaps of every persona (or of one), ranked: primary personas first, then
    within a persona the kinds in `KINDS` order, then by place in the file."""
    ws = session.workspace
    codes: dict[tuple[str, int, int], set[str]] = {}
    for finding in findings:
        codes.setdefault((finding.path, finding.line, finding.column), set()).add(finding.code)
    index = _QuoteIndex(session)
    gaps: list[Gap] = []
    for doc in ws.personas.values():
        if persona is not None and doc.id != persona:
            continue
        priority = doc.model.priority.value
        found: list[Gap] = []
        for entry in doc.claims:
            at = codes.get((entry.path, *entry.position), set())
            found += _claim_gaps(session, index, entry, at)
        if priority in ("primary", "secondary"):
            found += _empty_cells(session, doc)
        found += _uncited_tags(session, index, doc)
        for gap in found:
            gap.priority = priority
        gaps += found
    gaps.sort(key=lambda g: (_PRIORITY.get(g.priority, 9), g.persona, KINDS.index(g.kind), g.line))
    return gaps


class _QuoteIndex:
    """Every quote of the workspace with whether a claim cites it, by tag."""

    def __init__(self, session: Session) -> None:
        ws = session.workspace
        self.cited: set[str] = set()
        for entry in ws.claims:
            for cite in session.evidence.for_claim(entry).citations:
                if cite.quote is not None:
                    self.cited.add(cite.quote.ref)
        self.by_tag: dict[str, list[Quote]] = {}
        for note in ws.notes.values():
            for quote in note.quotes.values():
                for tag in quote.tags:
                    self.by_tag.setdefault(tag, []).append(quote)

    def uncited(self, tags: Iterable[str]) -> list[Quote]:
        """Uncited quotes carrying any of `tags`, each once."""
        seen: dict[str, Quote] = {}
        for tag in tags:
            for quote in self.by_tag.get(tag, ()):
                if quote.ref not in self.cited:
                    seen.setdefault(quote.ref, quote)
        return list(seen.values())


def _claim_tags(session: Session, entry: ClaimEntry) -> set[str]:
    """The tags of a claim: those of its cited quotes, and its count's tag."""
    tags: set[str] = set()
    for cite in session.evidence.for_claim(entry).citations:
        if cite.quote is not None:
            tags |= cite.quote.tags
        elif cite.row is not None:
            tags |= set(cite.row.tags)
    count = entry.claim.count
    if count is not None and count.tag:
        tags.add(count.tag.lower())
    return tags


def _suggest(quotes: list[Quote], tags: set[str], keep: Any) -> list[Suggestion]:
    """Up to `SUGGESTIONS` of `quotes` that `keep` accepts, ranked by how many of
    `tags` they share, then newest first, then by citation."""
    chosen = [q for q in quotes if keep(q)]
    chosen.sort(key=lambda q: (-len(q.tags & tags), -q.note.date.toordinal(), q.ref))
    return [_suggestion(q, sorted(q.tags & tags)) for q in chosen[:SUGGESTIONS]]


def _suggestion(quote: Quote, shared: list[str]) -> Suggestion:
    note = quote.note
    return Suggestion(quote.ref, quote.text, note.participant, note.kind, note.date, shared)


def _claim_gaps(session: Session, index: _QuoteIndex, entry: ClaimEntry, at: set[str]) -> list[Gap]:
    ev = session.evidence.for_claim(entry)
    tags = _claim_tags(session, entry)
    line = entry.position[0]
    label = " ".join(entry.label.split())
    gaps: list[Gap] = []

    def gap(kind: str, close: str, quotes: list[Suggestion]) -> None:
        gaps.append(Gap(kind, entry.persona, entry.path, line, entry.key, label, close, quotes))

    if "PK108" in at:
        newest = ev.newest
        quotes = _suggest(
            index.uncited(tags), tags, lambda q: newest is None or q.note.date > newest
        )
        when = newest.isoformat() if newest else "unknown"
        gap(
            "stale",
            f"its newest evidence is from {when}: cite newer evidence, or re-check it and drop it",
            quotes,
        )
    if "PK107" in at:
        voices = set(ev.voices)
        quotes = _suggest(index.uncited(tags), tags, lambda q: q.note.participant not in voices)
        gap(
            "single-voice",
            f"every quote comes from {', '.join(sorted(voices))}: cite another participant",
            quotes,
        )
    if "PK109" in at:
        kinds = set(ev.kinds)
        quotes = _suggest(index.uncited(tags), tags, lambda q: q.note.kind not in kinds)
        gap(
            "single-kind",
            f"it rests on {', '.join(sorted(kinds))} evidence only: cite another kind",
            quotes,
        )
    count = _count_to_state(session, entry)
    if count is not None:
        gaps.append(
            Gap(
                "count",
                entry.persona,
                entry.path,
                line,
                entry.key,
                label,
                f"state how many carry #{count['tag']}: {count['n']} of {count['of']}",
                count=count,
            )
        )
    return gaps


def _count_to_state(session: Session, entry: ClaimEntry) -> dict[str, Any] | None:
    """For a claim with quotes and no count, whose cited quotes share a tag: the count
    recomputed now, among the role its cited notes share (if they share one)."""
    claim = entry.claim
    if claim.count is not None or not claim.quotes:
        return None
    cites = session.evidence.for_claim(entry).citations
    quotes = [c.quote for c in cites if c.quote is not None]
    if not quotes or len(quotes) != len(cites):
        return None
    shared = set.intersection(*(set(q.tags) for q in quotes))
    if not shared:
        return None
    roles = {q.note.meta.role for q in quotes}
    role = roles.pop() if len(roles) == 1 else None
    among = {"role": role} if role else {}
    best: dict[str, Any] | None = None
    for tag in sorted(shared):
        count = _count(session, tag, among)
        if count is not None and (best is None or count["n"] > best["n"]):
            best = count
    return best


def _empty_cells(session: Session, doc: PersonaDoc) -> list[Gap]:
    """The cells of every journey step where this persona has no success or no goes_wrong."""
    ws = session.workspace
    gaps: list[Gap] = []
    for journey in sorted(ws.journeys.values(), key=lambda j: j.id):
        for step in journey.model.steps:
            key = f"{journey.id}/{step.id}"
            cell = doc.model.journey.get(key)
            missing = [
                part
                for part in ("success", "goes_wrong")
                if cell is None or getattr(cell, part) is None
            ]
            if not missing:
                continue
            what = " and no ".join(m.replace("_", " ") for m in missing)
            parts = " and a ".join(missing)
            gaps.append(
                Gap(
                    "empty-cell",
                    doc.id,
                    doc.path,
                    _line(doc, ("journey", key)),
                    key,
                    f"{step.title}: no {what}",
                    f"add a {parts} claim to the cell {key}, quoting participants "
                    f"of role {doc.id} at this step",
                )
            )
    return gaps


def _uncited_tags(session: Session, index: _QuoteIndex, doc: PersonaDoc) -> list[Gap]:
    """Tags carried by `MIN_PARTICIPANTS` or more participants of the persona's role
    (notes whose `role` is the persona's id) that no claim of the persona cites."""
    ws = session.workspace
    carriers: dict[str, set[str]] = {}
    quotes: dict[str, list[Quote]] = {}
    for note in ws.notes.values():
        if note.meta.role != doc.id or not note.complete:
            continue
        for tag in note.tags:
            carriers.setdefault(tag, set()).add(note.participant)
        for quote in note.quotes.values():
            for tag in quote.tags:
                quotes.setdefault(tag, []).append(quote)
    cited: set[str] = set()
    for entry in doc.claims:
        cited |= _claim_tags(session, entry)
    gaps = []
    for tag in sorted(carriers):
        people = carriers[tag]
        if len(people) < MIN_PARTICIPANTS or tag in cited:
            continue
        chosen = sorted(quotes.get(tag, []), key=lambda q: (-q.note.date.toordinal(), q.ref))
        gaps.append(
            Gap(
                "uncited-tag",
                doc.id,
                doc.path,
                1,
                tag,
                f"#{tag} is carried by {len(people)} participants of role {doc.id}",
                "a candidate claim: write what they share, cite these quotes and count them",
                [_suggestion(q, [tag]) for q in chosen[:CANDIDATE_QUOTES]],
                _count(session, tag, {"role": doc.id}),
            )
        )
    return gaps


def _count(session: Session, tag: str, among: dict[str, str]) -> dict[str, Any] | None:
    """A tag count recomputed now, as YAML to paste would hold it."""
    from .model import TagCount

    # Validated as a count in a file is, so `among` takes the shape counting expects.
    wanted = TagCount.model_validate({"n": 0, "of": 1, "tag": tag, "among": among})
    result = session.evidence.count(wanted)
    if result.n is None or result.of is None:
        return None
    return {"n": result.n, "of": result.of, "tag": tag, "among": dict(among)}


def _line(doc: PersonaDoc, path: tuple[Any, ...]) -> int:
    """The line of a key in the persona file, else of its nearest parent."""
    return doc.doc.position(path, key=True)[0]
