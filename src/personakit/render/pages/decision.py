"""The decision page: what was decided, for which personas, resting on which evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...evidence import split_ref
from ...links import is_public_web, safe_href
from ...model import QuoteRef
from ..page import Page
from ..text import page_body

if TYPE_CHECKING:
    from .base import Site


def decision_page(site: Site, decision: Any) -> Page:
    """One decision's page."""
    page = site.link.path("decision", decision.id)
    ws = site.ws
    rests_on = []
    for ref in decision.meta.rests_on:
        parts = split_ref(ref)
        item: dict[str, Any] = {"ref": ref, "label": ref, "href": None, "quote": None}
        if parts and parts[0] == "note" and parts[1] in ws.personas:
            persona = ws.personas[parts[1]]
            entry = next((e for e in persona.claims if e.claim.id == parts[2]), None)
            if entry is not None:
                item["label"] = site.claim_label(persona, entry)
                item["href"] = site.claim_href(persona.id, entry, page)
        elif parts:
            item["quote"] = site.views.quote(site.session.evidence.resolve(QuoteRef(ref)), page)
            if item["quote"] is None and site.public:
                # Its note's id may name an account or a participant: not even that.
                item["label"] = item["ref"] = "a quote not for publication (withheld)"
        rests_on.append(item)
    personas = [
        {
            "name": site.text(ws.personas[p].model.name),
            "href": site.link.to("persona", p, page),
        }
        for p in decision.meta.personas
        if p in ws.personas
    ]
    context = site.base(page, decision.title or decision.id)
    context.update(
        decision={
            "id": decision.id,
            "title": site.text(decision.title or decision.id),
            "date": decision.meta.date.isoformat(),
            "status": decision.meta.status.value,
            **link_target(site, decision),
        },
        personas=personas,
        rests_on=rests_on,
        body=page_body(site.text(ws.body(decision.path, decision.body_line)), decision.title or ""),
    )
    return Page(page, "decision", context)


def link_target(site: Site, decision: Any) -> dict[str, str | None]:
    """`link` (an href, or None when it may not be one) and `link_text`.

    Only safe URLs become links (lint refuses the others; this is the second
    line). A public edition leaves out a link to an internal host (localhost, a
    single-label name, .local/.internal/.corp/.lan, a private address) or any
    non-web link, unless the decision's `consent` is public.
    """
    url = decision.meta.link
    if url is None:
        return {"link": None, "link_text": None}
    consent = getattr(decision.meta, "consent", None)
    if site.public and not is_public_web(url) and getattr(consent, "value", "") != "public":
        return {"link": None, "link_text": None}
    if site.public and site.text(url) != url:
        # an address or a number in the link itself: shown masked, not linked
        return {"link": None, "link_text": url}
    return {"link": safe_href(url), "link_text": url}
