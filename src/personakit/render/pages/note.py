"""The note page: the note's body, its quotes anchored, and "cited by" backlinks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...evidence import split_ref
from ..text import page_body, shift_headings, split_at_quotes
from ..views import claim_anchor
from .base import Page

if TYPE_CHECKING:
    from .base import Site

# (kind, id, anchor, label) of a page that cites a note
Target = tuple[str, str, str | None, str]


def backlinks(site: Site) -> dict[str, dict[str, list[Target]]]:
    """Note id → anchor (or "" for counted-in) → the claims and decisions citing it,
    built in one pass over claims and decisions rather than once per note page."""
    links: dict[str, dict[str, list[Target]]] = {}
    for persona in site.personas:
        for entry in persona.claims:
            ev = site.session.evidence.for_claim(entry)
            target = ("persona", persona.id, claim_anchor(entry), site.claim_label(persona, entry))
            for cite in ev.citations:
                if cite.quote is not None:
                    bucket = links.setdefault(cite.quote.note.id, {}).setdefault(
                        cite.quote.anchor, []
                    )
                    if target not in bucket:
                        bucket.append(target)
            if ev.count is not None:
                for note_id in sorted(ev.count.notes):
                    links.setdefault(note_id, {}).setdefault("", []).append(target)
    for decision in site.decisions():
        for ref in decision.meta.rests_on:
            parts = split_ref(ref)
            if parts and parts[0] == "note" and parts[1] in site.ws.notes:
                label = f"Decision: {decision.title or decision.id}"
                links.setdefault(parts[1], {}).setdefault(parts[2], []).append(
                    ("decision", decision.id, None, label)
                )
    return links


def note_page(site: Site, note: Any, links: dict[str, list[Target]]) -> Page:
    """One note's page; `links` are its backlinks (from `backlinks`)."""
    page = site.link.path("note", note.id)

    def resolve(targets: list[Target]) -> list[dict[str, str]]:
        return [
            {"label": label, "href": site.link.to(kind, ident, page, anchor=anchor)}
            for kind, ident, anchor, label in targets
        ]

    quotes = [
        {
            "anchor": q.anchor,
            "text": site.text(q.text),
            "tags": sorted(q.tags),
            "cited_by": resolve(links.get(q.anchor, [])),
        }
        for q in note.quotes.values()
    ]
    meta = note.meta
    raw = site.ws.body(note.path, note.body_line)
    context = site.base(page, note.title or note.id)
    context.update(
        note={
            "id": note.id,
            "title": site.text(note.title or note.id),
            "participant": None if site.public else note.participant,
            "role": meta.role,
            "kind": note.kind,
            "date": note.date.isoformat(),
            "account": None if site.public else meta.account,
            "consent": meta.consent.value,
            "tags": sorted(t.lower() for t in meta.tags),
        },
        quotes=quotes,
        counted_in=resolve(links.get("", [])),
        body=page_body(site.text(raw), note.title or ""),
        **body_parts(site, note, raw, quotes),
    )
    return Page(page, "note", context)


def body_parts(site: Site, note: Any, raw: str, quotes: list[dict[str, Any]]) -> dict[str, Any]:
    """The body as the HTML page shows it: Markdown pieces with each quote, where it
    stands, replaced by the quote highlighted (`parts`), and the quotes that could not be
    placed in it (`unplaced`)."""
    starts = {q.line - note.body_line: q.anchor for q in note.quotes.values()}
    pieces = split_at_quotes(raw, starts)
    by_anchor = {q["anchor"]: q for q in quotes}
    parts: list[dict[str, Any]] = []
    placed: set[str] = set()
    for kind, value in pieces:
        if kind == "quote":
            parts.append({"quote": by_anchor[value]})
            placed.add(value)
        else:
            first = not parts
            text = page_body(site.text(value), note.title or "") if first else None
            text = text if text is not None else shift_headings(site.text(value))
            if text.strip():
                parts.append({"markdown": text})
    unplaced = [q for q in quotes if q["anchor"] not in placed]
    return {"parts": parts, "unplaced": unplaced}
