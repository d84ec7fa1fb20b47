"""The note page: the note's body, its quotes anchored, and "cited by" backlinks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...evidence import split_ref
from ..text import QUOTE_SLOT, page_body, slot_key, split_at_quotes
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
    """The body as the HTML page shows it: its Markdown with each quote, where it
    stands, replaced by a slot (`marked_body`, see text.QUOTE_SLOT) for the quote
    highlighted (`placed`, in slot order), and the quotes that could not be placed in
    it (`unplaced`). One Markdown text per note, rendered in one go."""
    starts = {q.line - note.body_line: q.anchor for q in note.quotes.values()}
    by_anchor = {q["anchor"]: q for q in quotes}
    key = slot_key(raw)
    chunks: list[str] = []
    placed: list[dict[str, Any]] = []
    for kind, value in split_at_quotes(raw, starts):
        if kind == "quote":
            chunks.append(QUOTE_SLOT.format(key=key, n=len(placed)))
            placed.append(by_anchor[value])
        else:
            # The text between the slots is masked, never a slot: its key is hex
            # digits, which the phone matcher read as a number in about one note in
            # sixteen, and the quotes were lost from the page.
            chunks.append(site.text(value))
    marked = page_body("\n\n".join(chunks), note.title or "")
    done = {q["anchor"] for q in placed}
    return {
        "marked_body": marked,
        "slot_key": key,
        "placed": placed,
        "unplaced": [q for q in quotes if q["anchor"] not in done],
    }
