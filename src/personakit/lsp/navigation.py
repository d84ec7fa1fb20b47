"""What the cursor stands on, in terms of the evidence: hover, definition, references.

Everything is answered from the session of the last lint (the open buffers included),
so a citation typed a moment ago resolves as lint would resolve it.

- On a citation (`p03#q1`) in any file: hover shows the quote with who said it, when,
  in what kind of research and its tags; definition goes to the quote's line.
- On a quote's anchor (`^q1`) in a note: references lists every claim citing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.formats import QuoteRef
from ..session import Session

_CITATION = re.compile(r"[A-Za-z0-9][\w.-]*#[A-Za-z0-9][\w-]*")
_ANCHOR = re.compile(r"\^([A-Za-z0-9][\w-]*)")


@dataclass(frozen=True)
class Place:
    """A line and column range in a file of the workspace (0-based)."""

    path: str
    line: int
    start: int
    end: int


def _token(pattern: re.Pattern[str], text: str, line: int, character: int) -> re.Match[str] | None:
    lines = text.split("\n")
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


def hover(session: Session, text: str, line: int, character: int) -> str | None:
    """Markdown about the citation under the cursor, or None."""
    ref = citation_at(text, line, character)
    if ref is None:
        return None
    cited = session.evidence.resolve(QuoteRef(ref))
    quote = cited.quote
    if quote is None:
        return f"**{ref}**: {cited.error or 'not found'}"
    meta = quote.note.meta
    about = [meta.participant, str(meta.kind.value), meta.date.isoformat()]
    tags = " ".join(f"#{t}" for t in sorted(quote.tags))
    head = f"**{ref}**: " + " · ".join(about) + (f" · {tags}" if tags else "")
    return f"{head}\n\n> {quote.text}"


def definition(session: Session, text: str, line: int, character: int) -> Place | None:
    """Where the cited quote stands in its note, or None."""
    ref = citation_at(text, line, character)
    if ref is None:
        return None
    quote = session.evidence.resolve(QuoteRef(ref)).quote
    if quote is None:
        return None
    return Place(quote.note.path, quote.line - 1, 0, 0)


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
