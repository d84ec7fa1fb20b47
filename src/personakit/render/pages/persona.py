"""The persona page: card, claims by section with their evidence, journey cells,
segment and playbook figures and the decisions that cite the persona."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...evidence import split_ref
from ...model import CLAIM_SECTIONS
from ..page import Page
from ..views import SECTION_TITLES
from .gaps import gaps_view
from .hero import avatar, meter, strongest_quote, summary, workspace_kinds
from .playbook import playbook_view
from .segment import segment_view

if TYPE_CHECKING:
    from ...workspace import PersonaDoc
    from .base import Site


def strength(site: Site, persona: PersonaDoc) -> dict[str, Any]:
    """How well the persona rests on evidence: claims, voices, kinds, newest date."""
    voices: set[str] = set()
    kinds: set[str] = set()
    newest = None
    for entry in persona.claims:
        ev = site.session.evidence.for_claim(entry)
        voices |= ev.voices
        kinds |= ev.kinds
        if ev.count is not None:
            voices |= ev.count.voices
        if ev.newest and (newest is None or ev.newest > newest):
            newest = ev.newest
    supported = sum(1 for e in persona.claims if e.claim.quotes or e.claim.count is not None)
    return {
        "claims": len(persona.claims),
        "supported": supported,
        "voices": len(voices),
        "kinds": sorted(kinds),
        "newest": newest.isoformat() if newest else None,
    }


def decisions_citing(site: Site, persona_id: str, page: str) -> list[dict[str, Any]]:
    """The decisions that name the persona or rest on one of its claims, newest first."""
    out = []
    for decision in site.decisions(newest_first=True):
        cited = persona_id in decision.meta.personas or any(
            (parts := split_ref(r)) and parts[0] == "note" and parts[1] == persona_id
            for r in decision.meta.rests_on
        )
        if cited:
            out.append(site.decision_link(decision, page))
    return out


def persona_page(site: Site, persona: PersonaDoc) -> Page:
    """One persona's page."""
    page = site.link.path("persona", persona.id)
    model = persona.model
    sections = []
    for section in CLAIM_SECTIONS:
        entries = [e for e in persona.claims if e.loc[0] == section]
        if entries:
            sections.append(
                {
                    "id": section,
                    "title": SECTION_TITLES[section],
                    "claims": [site.claim(persona, e, page) for e in entries],
                }
            )
    cells = []
    for key in model.journey:
        label, href = site.views.step(key, page)
        parts = {
            e.loc[2]: site.claim(persona, e, page)
            for e in persona.claims
            if e.loc[0] == "journey" and e.loc[1] == key
        }
        cells.append(
            {
                "step": label,
                "href": href,
                "success": parts.get("success"),
                "goes_wrong": parts.get("goes_wrong"),
            }
        )
    featured = strongest_quote(site, persona, page)
    context = site.base(page, model.name)
    # The claims carry their own marks; the page shows what comes before the first.
    first_claim = min((e.position[0] for e in persona.claims), default=10**9)
    context["page_findings"] = site.describe_all(
        [f for f in site.marks.in_file(persona.path) if f.line < first_claim]
    )
    context.update(
        persona={
            "id": persona.id,
            "name": site.text(model.name),
            "role": site.text(model.role),
            "priority": model.priority.value,
            "buying_influence": model.buying_influence.value if model.buying_influence else None,
            "context": model.context,
            "owner": None if site.public else model.owner,
            "reviewed": model.reviewed.isoformat() if model.reviewed else None,
        },
        sections=sections,
        cells=cells,
        strength=strength(site, persona),
        avatar=avatar(persona.id, site.text(model.name)),
        summary=summary(site, persona),
        meter=meter(site, persona, workspace_kinds(site)),
        featured=None
        if featured is None
        else {"quote": featured[0], "claim": featured[1], "claim_href": f"#{featured[2]}"},
        segment=segment_view(site, persona, page),
        playbook=playbook_view(site, persona, page),
        decisions=decisions_citing(site, persona.id, page),
        gaps=gaps_view(site, persona),
    )
    return Page(page, "persona", context)
