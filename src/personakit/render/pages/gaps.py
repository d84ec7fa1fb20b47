"""The "gaps" section of a persona page in a draft: `personakit gaps` for one persona,
as plain page data (its own template partial, `gaps.html.j2` / `gaps.md.j2`)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...gaps import Gap
    from ...workspace import PersonaDoc
    from .base import Site

# Every persona's gaps, worked out once per site (one pass over the quotes for all
# persona pages, not one per page).
_BY_SITE: weakref.WeakKeyDictionary[Site, dict[str, list[Gap]]] = weakref.WeakKeyDictionary()


def gaps_view(site: Site, persona: PersonaDoc) -> list[dict[str, Any]]:
    """The persona's gaps, ranked, from the render's own lint run; none unless a draft,
    and none in a public edition: a to-do list for the team names internal roles, tags
    and quotes of notes whose consent is internal."""
    if not site.draft or site.public:
        return []
    from ...gaps import find_gaps
    from ...gaps_format import TITLES, count_yaml

    by_persona = _BY_SITE.get(site)
    if by_persona is None:
        by_persona = {}
        for found in find_gaps(site.session, site.marks.findings):
            by_persona.setdefault(found.persona, []).append(found)
        _BY_SITE[site] = by_persona
    out = []
    for gap in by_persona.get(persona.id, []):
        out.append(
            {
                "kind": gap.kind,
                "title": TITLES[gap.kind],
                "subject": site.text(gap.subject),
                "text": site.text(gap.text),
                "close": site.text(gap.close),
                "count": count_yaml(gap.count) if gap.count is not None else None,
                "quotes": [
                    {
                        "ref": q.ref,
                        "participant": site.text(q.participant),
                        "text": site.text(q.text),
                        "date": q.date.isoformat(),
                    }
                    for q in gap.quotes
                ],
            }
        )
    return out
