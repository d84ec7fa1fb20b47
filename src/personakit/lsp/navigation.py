"""What the cursor stands on, in terms of the evidence: hover, definition, references.

Everything is answered from the session of the last lint (the open buffers included),
so a citation typed a moment ago resolves as lint would resolve it. Lines and
columns are 0-based code points on LF lines (lsp/positions.py converts).

- On a citation (`p03#q1`) in any file: hover shows the quote with who said it, when,
  in what kind of research and its tags; definition goes to the quote's line.
- On a count's tag (`count: {tag: ...}`): hover shows how many participants carry it,
  by role, and what the count's `among` finds.
- On a segment column (`users.nps` in `segment:`, `playbook:` or a count from data):
  hover shows its type and its commonest values (the data engine opens only then).
- On `step: JOURNEY/STEP` (or a `journey:` cell's key): definition goes to the step.
- On an id in a playbook step's `because:`: definition goes to the claim.
- On a quote's anchor (`^q1`) in a note: references lists every claim citing it.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.formats import QuoteRef
from ..session import Session
from .context import context
from .positions import lines_of

if TYPE_CHECKING:
    from ..evidence import TagTable
    from ..model.documents import ClaimEntry, PersonaDoc

# Tried only where a word starts: from every letter of a long word, it is quadratic.
_CITATION = re.compile(r"(?<![\w.-])[A-Za-z0-9][\w.-]*#[A-Za-z0-9][\w-]*")
_ANCHOR = re.compile(r"\^([A-Za-z0-9][\w-]*)")
_WORD = re.compile(r"[^\s{}\[\],:'\"#]+(?:#[^\s{}\[\],:'\"]+)?")
_COLUMN = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*")
_DATA_SECTIONS = {"segment", "playbook", "count"}
_TOP_VALUES = 5
_tag_tables: weakref.WeakKeyDictionary[Session, TagTable] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Place:
    """A line and column range in a file of the workspace (0-based)."""

    path: str
    line: int
    start: int
    end: int


def _token(pattern: re.Pattern[str], text: str, line: int, character: int) -> re.Match[str] | None:
    lines = lines_of(text)
    if not 0 <= line < len(lines):
        return None
    for match in pattern.finditer(lines[line]):
        if match.start() <= character <= match.end():
            return match
    return None


def citation_at(text: str, line: int, character: int) -> str | None:
    """The `NOTE#ANCHOR` the cursor stands on, if any."""
    match = _token(_CITATION, text, line, character)
    return match.group() if match else None


def word_at(text: str, line: int, character: int) -> str | None:
    """The YAML word (a plain scalar or key) the cursor stands on, if any."""
    match = _token(_WORD, text, line, character)
    return match.group() if match else None


def persona_of(session: Session, path: str) -> PersonaDoc | None:
    """The persona file at `path`, as last loaded."""
    return next((p for p in session.workspace.personas.values() if p.path == path), None)


def hover(
    session: Session, text: str, line: int, character: int, path: str | None = None
) -> str | None:
    """Markdown about what the cursor stands on (a citation, a count's tag, a segment
    column), or None."""
    ref = citation_at(text, line, character)
    if ref is not None:
        return _hover_citation(session, ref)
    word = word_at(text, line, character)
    if word is None:
        return None
    keys = context(lines_of(text), line, character).keys
    if keys[-2:] == ("count", "tag"):
        return _hover_tag(session, word.lstrip("#"), path, line)
    if _COLUMN.fullmatch(word) and _DATA_SECTIONS & set(keys):
        from .columns import describe

        return describe(session, word)
    return None


def _hover_citation(session: Session, ref: str) -> str:
    cited = session.evidence.resolve(QuoteRef(ref))
    quote = cited.quote
    if quote is None:
        return f"**{ref}**: {cited.error or 'not found'}"
    meta = quote.note.meta
    about = [meta.participant, str(meta.kind.value), meta.date.isoformat()]
    tags = " ".join(f"#{t}" for t in sorted(quote.tags))
    head = f"**{ref}**: " + " · ".join(about) + (f" · {tags}" if tags else "")
    return f"{head}\n\n> {quote.text}"


def _hover_tag(session: Session, word: str, path: str | None, line: int) -> str:
    tag = word.lower()
    entry = _count_entry_at(session, path, line, word)
    count = entry.claim.count if entry is not None else None
    source = count.source if count is not None else None
    if source is not None:
        carried, everyone, by_role = _source_tag(session, source, tag)
        who = f"rows of {source}"
    else:
        carried, everyone, by_role = _notes_tag(session, tag)
        who = "participants"
    if not carried:
        out = [f"**#{tag}**: no {'row of ' + source if source else 'note'} carries it"]
    else:
        out = [f"**#{tag}**: carried by {carried} of {everyone} {who}"]
        out.append("by role: " + " · ".join(f"{r} {n} of {of}" for r, n, of in by_role))
    if count is not None:
        found = session.evidence.count(count)
        among = ", ".join(f"{k} {' or '.join(v)}" for k, v in count.among.items()) or "everyone"
        if found.error:
            out.append(f"this count: {found.error}")
        elif found.n is not None:
            out.append(f"this count (among {among}): {found.n} of {found.of}")
    return "\n\n".join(out)


def _notes_tag(session: Session, tag: str) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Participants carrying `tag`, of all, and by role (carrying, of the role's)."""
    from ..evidence import tag_table

    table = _tag_tables.get(session)
    if table is None:
        table = _tag_tables[session] = tag_table(session.workspace, "role")
    rows = table.rows.get(tag, {})
    by_role = [(r, n, table.totals[r]) for r, n in rows.items() if n]
    by_role.sort(key=lambda item: (-item[1], item[0]))
    return table.tag_totals.get(tag, 0), table.all_participants, by_role


def _source_tag(
    session: Session, source: str, tag: str
) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Rows of `source` carrying `tag`, of all its rows, and by role."""
    rows = list(session.workspace.sources.get(source, {}).values())
    totals: dict[str, int] = {}
    tagged: dict[str, int] = {}
    for row in rows:
        role = row.role or "(none)"
        totals[role] = totals.get(role, 0) + 1
        if tag in row.tags:
            tagged[role] = tagged.get(role, 0) + 1
    by_role = sorted(((r, n, totals[r]) for r, n in tagged.items()), key=lambda i: (-i[1], i[0]))
    return sum(tagged.values()), len(rows), by_role


def _count_entry_at(session: Session, path: str | None, line: int, tag: str) -> ClaimEntry | None:
    """The claim whose count's tag stands on `line`, if the last load agrees on it."""
    persona = persona_of(session, path) if path else None
    for entry in persona.claims if persona else []:
        spot = entry.doc.scalar((*entry.loc, "count", "tag"))
        count = entry.claim.count
        if spot is not None and spot.start[0] - 1 == line and count and count.tag == tag:
            return entry
    return None


def definition(
    session: Session, text: str, line: int, character: int, path: str | None = None
) -> Place | None:
    """Where the cited quote, the journey step or the `because:` claim stands, or None."""
    ref = citation_at(text, line, character)
    if ref is not None:
        quote = session.evidence.resolve(QuoteRef(ref)).quote
        if quote is None:
            return None
        return Place(quote.note.path, quote.line - 1, 0, 0)
    word = word_at(text, line, character)
    if word is None:
        return None
    keys = context(lines_of(text), line, character).keys
    if keys[-1:] == ("step",) or keys == ("journey",):
        return _step_place(session, word)
    if keys[-1:] == ("because",) and path is not None:
        persona = persona_of(session, path)
        entry = next((c for c in persona.claims if c.claim.id == word), None) if persona else None
        if entry is not None:
            at_line, column = entry.position
            return Place(entry.path, at_line - 1, column - 1, column - 1)
    return None


def _step_place(session: Session, ref: str) -> Place | None:
    journey_id, _, step_id = ref.partition("/")
    journey = session.workspace.journeys.get(journey_id)
    if journey is None:
        return None
    for index, step in enumerate(journey.model.steps):
        if step.id == step_id:
            at_line, column = journey.doc.position(("steps", index))
            return Place(journey.path, at_line - 1, column - 1, column - 1)
    return None


def references(session: Session, path: str, text: str, line: int, character: int) -> list[Place]:
    """Every claim citing the quote whose anchor the cursor stands on, in a note."""
    match = _token(_ANCHOR, text, line, character)
    ws = session.workspace
    note = next((n for n in ws.notes.values() if n.path == path), None)
    if match is None or note is None:
        return []
    wanted = f"{note.id}#{match.group(1)}"
    places = []
    for entry in ws.claims:
        for cited in session.evidence.for_claim(entry).citations:
            if cited.quote is not None and cited.quote.ref == wanted:
                at_line, column = entry.citation_position(cited.index)
                places.append(Place(entry.path, at_line - 1, column - 1, column - 1))
    return places
