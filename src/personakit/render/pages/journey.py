"""The journey page: the grid of personas by steps, empty cells shown as gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Stall
from ..page import Page

if TYPE_CHECKING:
    from .base import Site


CELL_KINDS = {
    (True, True): "both",
    (True, False): "success",
    (False, True): "goes-wrong",
    (False, False): "gap",
}


def cell_kind(success: bool, goes_wrong: bool) -> str:
    """What a cell holds, for its colour: success, goes-wrong (a stall counts), both
    or gap."""
    return CELL_KINDS[(success, goes_wrong)]


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
            success = parts.get("success")
            wrong = parts.get("goes_wrong") is not None or bool(stalls)
            cells.append(
                {
                    "step": step.title,
                    "success": success,
                    "goes_wrong": parts.get("goes_wrong"),
                    "stalls": stalls,
                    "empty": not parts and not stalls,
                    "kind": cell_kind(success is not None, wrong),
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
    kinds = [cell["kind"] for row in rows for cell in row["cells"]]
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
        tally={kind: kinds.count(kind) for kind in CELL_KINDS.values()},
    )
    return Page(page, "journey", context)
