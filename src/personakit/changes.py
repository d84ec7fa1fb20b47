"""`lint --changed-since REF`: what a pull request touched, and the claims it affects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .selection import Selection
from .vcs import changed_files

if TYPE_CHECKING:
    from .session import Session


def changed_selection(session: Session, ref: str, narrowed: set[str] | None) -> Selection:
    """Changed files, plus the line ranges of claims whose cited notes or rows changed
    (or that count a changed note); intersected with the paths given, if any."""
    ws = session.workspace
    changed = changed_files(ws.root, ref)
    if narrowed is not None:
        changed &= narrowed
    changed_ids = {
        path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for path in changed
        if path.startswith("interviews/")
    }
    changed_notes = {n.id for n in ws.notes.values() if n.path in changed} | changed_ids
    changed_sources = {
        name
        for name, rows in ws.sources.items()
        if any(r.path in changed for r in list(rows.values())[:1])
    }
    claims: dict[str, list[tuple[int, int]]] = {}
    for persona in ws.personas.values():
        starts = sorted(c.position[0] for c in persona.claims)
        for entry in persona.claims:
            ev = session.evidence.for_claim(entry)
            cited = {c.ref.ref.split("#", 1)[0] for c in ev.citations if "#" in c.ref.ref}
            rows = {c.ref.ref.split(":", 1)[0] for c in ev.citations if "#" not in c.ref.ref}
            counted = ev.count.notes if ev.count is not None else frozenset()
            source = entry.claim.count.source if entry.claim.count else None
            if (
                cited & changed_notes
                or rows & changed_sources
                or counted & changed_notes
                or (source in changed_sources)
            ):
                start = entry.position[0]
                end = next((s for s in starts if s > start), 10**9)
                claims.setdefault(persona.path, []).append((start, end))
    if narrowed is not None:
        claims = {p: r for p, r in claims.items() if p in narrowed}
    return Selection(files=changed, claims=claims)
