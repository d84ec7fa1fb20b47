"""The evidence index: tags by role and by kind of evidence, and every note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...evidence import TagTable, tag_table
from ..page import Page

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
                **(_masked_table(table, site.text) if site.public else _plain_table(table)),
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


def _plain_table(table: TagTable) -> dict[str, Any]:
    return {
        "columns": table.columns,
        "totals": table.totals,
        "rows": table.rows,
        "tag_totals": table.tag_totals,
    }


def _masked_table(table: TagTable, text: Callable[[str], str]) -> dict[str, Any]:
    """The table as a public page shows it: its values (roles, kinds) and tags masked,
    in its keys too, which the page's masking does not reach and the template looks
    the counts up by; two that mask alike are kept apart, never added up."""
    column = _labels(table.columns, text)
    tag = _labels(list(table.rows), text)
    return {
        "columns": [column[c] for c in table.columns],
        "totals": {column[c]: n for c, n in table.totals.items()},
        "rows": {
            tag[t]: {column[c]: n for c, n in counts.items()} for t, counts in table.rows.items()
        },
        "tag_totals": {tag[t]: n for t, n in table.tag_totals.items()},
    }


def _labels(values: list[str], text: Callable[[str], str]) -> dict[str, str]:
    """Each value's masked label, made unique: `desk-[phone]`, `desk-[phone] (2)`."""
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for value in values:
        label, number = text(value), 1
        while (label if number == 1 else f"{label} ({number})") in taken:
            number += 1
        labels[value] = label if number == 1 else f"{label} ({number})"
        taken.add(labels[value])
    return labels
