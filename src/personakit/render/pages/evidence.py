"""The evidence index: tags by role and by kind of evidence, and every note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...evidence import tag_table
from .base import Page

if TYPE_CHECKING:
    from .base import Site


@dataclass
class _NotesOnly:
    """The part of a workspace `tag_table` reads, restricted to some notes."""

    notes: dict[str, Any]


def evidence_page(site: Site) -> Page:
    """The evidence index page."""
    page = site.link.path("evidence", "")
    tables = []
    # A public edition counts public notes only: the tags and roles of internal
    # notes are internal text too.
    source: Any = _NotesOnly({n.id: n for n in site.visible_notes()}) if site.public else site.ws
    for field_name, title in (("role", "Tags by role"), ("kind", "Tags by kind of evidence")):
        table = tag_table(source, field_name)
        tables.append(
            {
                "title": title,
                "field": field_name,
                "columns": table.columns,
                "totals": table.totals,
                "rows": table.rows,
                "tag_totals": table.tag_totals,
                "all": table.all_participants,
            }
        )
    notes = [
        {
            "title": site.text(n.title or n.id),
            "href": site.link.to("note", n.id, page),
            "kind": n.kind,
            "date": n.date.isoformat(),
            "participant": None if site.public else n.participant,
        }
        for n in site.visible_notes()
    ]
    context = site.base(page, "Evidence")
    context.update(tables=tables, notes=notes)
    return Page(page, "evidence", context)
