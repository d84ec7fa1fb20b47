"""The index page: personas by priority with their evidence strength, journeys and
decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Job
from ..page import Page
from ..views import claim_anchor, job_sentence
from .hero import avatar, meter, workspace_kinds
from .persona import strength
from .segment import segment_view

if TYPE_CHECKING:
    from ...workspace import PersonaDoc
    from .base import Site

PRIORITY_TITLES = {"primary": "Primary", "secondary": "Secondary", "not-targeted": "Not targeted"}


def index_page(site: Site) -> Page:
    """The site's front page."""
    page = site.link.path("index", "")
    groups = []
    all_kinds = workspace_kinds(site)
    card = 0
    for priority, title in PRIORITY_TITLES.items():
        members = [p for p in site.personas if p.model.priority.value == priority]
        if members:
            cards = []
            for p in members:
                cards.append(
                    {
                        "card": card,
                        "name": site.text(p.model.name),
                        "role": site.text(p.model.role),
                        "buying_influence": p.model.buying_influence.value
                        if p.model.buying_influence
                        else None,
                        "href": site.link.to("persona", p.id, page),
                        "avatar": avatar(p.id, site.text(p.model.name)),
                        "strength": strength(site, p),
                        "meter": meter(site, p, all_kinds),
                        "segment": segment_view(site, p, page),
                    }
                )
                card += 1
            groups.append({"title": title, "priority": priority, "personas": cards})
    context = site.base(page, site.ws.config.title or "Personas")
    context["page_findings"] = site.describe_all(site.unpaged_findings(), place=True)
    context.update(
        description=site.text(site.ws.config.description or ""),
        groups=groups,
        journeys=[
            {
                "title": j.model.title,
                "href": site.link.to("journey", j.id, page),
                "steps": len(j.model.steps),
            }
            for j in site.journeys()
        ],
        decisions=[site.decision_link(d, page) for d in site.decisions(newest_first=True)],
        notes=len(site.visible_notes()),
        search=search_entries(site, page),
    )
    return Page(page, "index", context)


def search_entries(site: Site, page: str) -> list[dict[str, Any]]:
    """What the index's search box looks through: each persona, claim and quote, with
    a link and the number of its persona's card. Built from what the pages show, so a
    public edition's search holds only public quotes, masked like the pages."""
    entries: list[dict[str, Any]] = []
    for card, persona in enumerate(_card_order(site)):
        name = site.text(persona.model.name)
        href = site.link.to("persona", persona.id, page)
        base = {"card": card, "persona": name}
        role = site.text(persona.model.role)
        entries.append({**base, "kind": "persona", "text": f"{name}: {role}", "href": href})
        seen: set[str] = set()
        for entry in persona.claims:
            # the claim's words and quotes only: no count or badge is shown, so none
            # is worked out (views.claim would, for every claim again)
            claim = entry.claim
            text = site.text(job_sentence(claim) if isinstance(claim, Job) else claim.text)
            claim_href = f"{href}#{claim_anchor(entry)}"
            entries.append({**base, "kind": "claim", "text": text, "href": claim_href})
            for cite in site.session.evidence.for_claim(entry).citations:
                quote = site.views.quote(cite, page)
                if quote is None or quote.ref in seen:
                    continue
                seen.add(quote.ref)
                entries.append(
                    {
                        **base,
                        "kind": "quote",
                        "text": f"{quote.text} ({quote.participant})",
                        "href": quote.href or claim_href,
                    }
                )
    return entries


def _card_order(site: Site) -> list[PersonaDoc]:
    """The personas in the order of their cards: by priority group, then as listed."""
    return [
        p
        for priority in PRIORITY_TITLES
        for p in site.personas
        if p.model.priority.value == priority
    ]
