"""The note page: the note's body, its quotes anchored, and "cited by" backlinks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...evidence import split_ref
from ..page import Page
from ..text import with_body
from ..views import claim_anchor

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
    title = note.title or ""
    starts = {q.line - note.body_line: q.anchor for q in note.quotes.values()}
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
    )
    rebuild = None
    if not site.public:
        # What a prose edit to the note changes on this page, and what redoes it
        # (render/delta.py): a public edition masks the prose, which needs the site.
        rebuild = {
            "note": note.path,
            "body_line": note.body_line,
            "title": title,
            "starts": sorted([offset, anchor] for offset, anchor in starts.items()),
        }
    context.update(with_body(site.text, raw, title, starts, quotes))
    return Page(page, "note", context, rebuild)
