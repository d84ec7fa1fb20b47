"""The index page: personas by priority with their evidence strength, journeys and
decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Page
from .persona import strength
from .segment import segment_view

if TYPE_CHECKING:
    from .base import Site

PRIORITY_TITLES = {"primary": "Primary", "secondary": "Secondary", "not-targeted": "Not targeted"}


def index_page(site: Site) -> Page:
    """The site's front page."""
    page = site.link.path("index", "")
    groups = []
    for priority, title in PRIORITY_TITLES.items():
        members = [p for p in site.personas if p.model.priority.value == priority]
        if members:
            groups.append(
                {
                    "title": title,
                    "personas": [
                        {
                            "name": site.text(p.model.name),
                            "role": site.text(p.model.role),
                            "buying_influence": p.model.buying_influence.value
                            if p.model.buying_influence
                            else None,
                            "href": site.link.to("persona", p.id, page),
                            "strength": strength(site, p),
                            "segment": segment_view(site, p, page),
                        }
                        for p in members
                    ],
                }
            )
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
    )
    return Page(page, "index", context)
