"""The journey page: the grid of personas by steps, empty cells shown as gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Stall
from .base import Page

if TYPE_CHECKING:
    from .base import Site


def journey_page(site: Site, journey: Any) -> Page:
    """One journey's map."""
    page = site.link.path("journey", journey.id)
    steps = [
        {"id": s.id, "title": s.title, "anchor": f"step-{s.id}", "description": s.description}
        for s in journey.model.steps
    ]
    rows: list[dict[str, Any]] = []
    for persona in site.personas:
        cells: list[dict[str, Any]] = []
        for step in journey.model.steps:
            key = f"{journey.id}/{step.id}"
            parts = {
                e.loc[2]: site.claim(persona, e, page)
                for e in persona.claims
                if e.loc[0] == "journey" and e.loc[1] == key
            }
            stalls = [
                site.claim(persona, e, page)
                for e in persona.claims
                if isinstance(e.claim, Stall) and e.claim.step == key
            ]
            cells.append(
                {
                    "step": step.title,
                    "success": parts.get("success"),
                    "goes_wrong": parts.get("goes_wrong"),
                    "stalls": stalls,
                    "empty": not parts and not stalls,
                }
            )
        rows.append(
            {
                "name": site.text(persona.model.name),
                "href": site.link.to("persona", persona.id, page),
                "cells": cells,
            }
        )
    gaps = sum(1 for row in rows for cell in row["cells"] if cell["empty"])
    context = site.base(page, journey.model.title)
    context.update(
        journey={
            "id": journey.id,
            "title": journey.model.title,
            "description": journey.model.description,
        },
        steps=steps,
        rows=rows,
        gaps=gaps,
    )
    return Page(page, "journey", context)
