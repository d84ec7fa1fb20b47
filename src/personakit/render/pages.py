"""Every page of a render, as a template name and one plain context per page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..evidence import split_ref, tag_table
from ..links import is_public_web, safe_href
from ..model import CLAIM_SECTIONS, Job, Stall
from .text import page_body
from .views import (
    SECTION_TITLES,
    ClaimView,
    LinkMaker,
    ViewBuilder,
    claim_anchor,
    job_sentence,
)

if TYPE_CHECKING:
    from ..findings import Finding
    from ..session import Session
    from ..workspace import ClaimEntry, PersonaDoc

PRIORITY_ORDER = {"primary": 0, "secondary": 1, "not-targeted": 2}
PRIORITY_TITLES = {"primary": "Primary", "secondary": "Secondary", "not-targeted": "Not targeted"}


@dataclass
class Page:
    path: str  # relative to the output folder, forward slashes
    template: str  # e.g. "persona" → render/html/persona.html.j2
    context: dict[str, Any] = field(default_factory=dict)


class SiteBuilder:
    @classmethod
    def for_workspace(
        cls,
        session: Session,
        findings: list[Finding],
        *,
        ext: str,
        public: bool = False,
        draft: bool = False,
    ) -> SiteBuilder:
        """A builder using the workspace's own settings for masking and staleness."""
        settings = session.settings
        return cls(
            session,
            findings,
            ext=ext,
            public=public,
            draft=draft,
            names=[str(n) for n in settings["PK301"].options["names"]],
            stale_days=int(settings["PK108"].options["max_age_days"]),
        )

    def __init__(
        self,
        session: Session,
        findings: list[Finding],
        *,
        ext: str,
        public: bool,
        draft: bool,
        names: list[str],
        stale_days: int,
    ) -> None:
        self.session = session
        self.ws = ws = session.workspace
        self.public = public
        self.draft = draft
        self.link = LinkMaker(ext)
        self.views = ViewBuilder(
            session, public=public, names=names, stale_days=stale_days, link=self.link
        )
        self.findings_by_path: dict[str, list[Finding]] = {}
        for finding in findings if draft else []:
            self.findings_by_path.setdefault(finding.path, []).append(finding)
        self.personas = sorted(
            ws.personas.values(),
            key=lambda p: (PRIORITY_ORDER.get(p.model.priority.value, 9), p.id),
        )
        self._claim_views: dict[tuple[str, int], ClaimView] = {}
        self.assets: dict[str, str] = {}  # extra files, e.g. charts for Markdown pages
        self._members: dict[str, set[str]] = {}

    def members(self, persona_id: str) -> set[str]:
        """A segment's members today, asked of the data engine once per render."""
        if persona_id not in self._members:
            self._members[persona_id] = set(self.session.data.members(persona_id, self.ws.today))
        return self._members[persona_id]

    # -- shared ---------------------------------------------------------------------

    def visible_notes(self) -> list[Any]:
        notes = sorted(self.ws.notes.values(), key=lambda n: (n.date, n.id))
        if self.public:
            notes = [n for n in notes if n.meta.consent.value == "public"]
        return notes

    def base(self, page: str, title: str) -> dict[str, Any]:
        return {
            "site_title": self.ws.config.title or "Personas",
            "title": title,
            "root": "../" * page.count("/"),
            "draft": self.draft,
            "public": self.public,
            "nav": [
                ("Personas", self.link.to("index", "", page)),
                *[
                    (j.model.title, self.link.to("journey", j.id, page))
                    for j in sorted(self.ws.journeys.values(), key=lambda j: j.id)
                ],
                ("Evidence", self.link.to("evidence", "", page)),
            ],
            "page_findings": self.file_findings(self._sources.get(page)),
        }

    @cached_property
    def _sources(self) -> dict[str, str]:
        """Page → the workspace file it presents, for its file-level draft findings."""
        ws, link = self.ws, self.link
        sources = {link.path("persona", p.id): p.path for p in ws.personas.values()}
        sources.update({link.path("journey", j.id): j.path for j in ws.journeys.values()})
        sources.update({link.path("note", n.id): n.path for n in ws.notes.values()})
        sources.update({link.path("decision", d.id): d.path for d in ws.decisions.values()})
        return sources

    def file_findings(self, path: str | None) -> list[str]:
        if path is None:
            return []
        return [self.describe(f) for f in self.findings_by_path.get(path, [])]

    def describe(self, finding: Finding) -> str:
        """A draft mark. A public edition leaves out the message, which may quote
        internal text (a withheld quote, a participant's words)."""
        if self.public:
            return f"{finding.severity.value} {finding.code} {finding.name}"
        return _describe(finding)

    def claim_findings(self, persona: PersonaDoc, entry: ClaimEntry) -> list[str]:
        """Draft marks: findings in the lines of this claim (up to the next one)."""
        found = self.findings_by_path.get(persona.path, [])
        if not found:
            return []
        starts = sorted(c.position[0] for c in persona.claims)
        start = entry.position[0]
        later = [s for s in starts if s > start]
        end = later[0] if later else 10**9
        return [self.describe(f) for f in found if start <= f.line < end]

    def claim(self, persona: PersonaDoc, entry: ClaimEntry, page: str) -> ClaimView:
        return self.views.claim(entry, page, self.claim_findings(persona, entry))

    def strength(self, persona: PersonaDoc) -> dict[str, Any]:
        voices: set[str] = set()
        kinds: set[str] = set()
        newest = None
        for entry in persona.claims:
            ev = self.session.evidence.for_claim(entry)
            voices |= ev.voices
            kinds |= ev.kinds
            if ev.count is not None:
                voices |= ev.count.voices
            if ev.newest and (newest is None or ev.newest > newest):
                newest = ev.newest
        supported = sum(1 for e in persona.claims if e.claim.quotes or e.claim.count is not None)
        return {
            "claims": len(persona.claims),
            "supported": supported,
            "voices": len(voices),
            "kinds": sorted(kinds),
            "newest": newest.isoformat() if newest else None,
        }

    def segment(self, persona: PersonaDoc, page: str) -> dict[str, Any] | None:
        from .segment_view import segment_view

        return segment_view(self, persona, page)

    def decisions_citing(self, persona_id: str, page: str) -> list[dict[str, Any]]:
        out = []
        for decision in sorted(
            self.ws.decisions.values(), key=lambda d: (d.meta.date, d.id), reverse=True
        ):
            cited = persona_id in decision.meta.personas or any(
                (parts := split_ref(r)) and parts[0] == "note" and parts[1] == persona_id
                for r in decision.meta.rests_on
            )
            if cited:
                out.append(self.decision_link(decision, page))
        return out

    def decision_link(self, decision: Any, page: str) -> dict[str, Any]:
        return {
            "title": self.views.text(decision.title or decision.id),
            "href": self.link.to("decision", decision.id, page),
            "date": decision.meta.date.isoformat(),
            "status": decision.meta.status.value,
        }

    # -- pages ----------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages = [self.index(), self.evidence()]
        pages += [self.persona(p) for p in self.personas]
        pages += [self.journey(j) for j in sorted(self.ws.journeys.values(), key=lambda j: j.id)]
        pages += [self.note(n) for n in self.visible_notes()]
        pages += [self.decision(d) for d in sorted(self.ws.decisions.values(), key=lambda d: d.id)]
        if self.public:
            for page in pages:
                page.context = masked(page.context, self.views.text)
        return pages

    def index(self) -> Page:
        page = self.link.path("index", "")
        groups = []
        for priority, title in PRIORITY_TITLES.items():
            members = [p for p in self.personas if p.model.priority.value == priority]
            if members:
                groups.append(
                    {
                        "title": title,
                        "personas": [
                            {
                                "name": self.views.text(p.model.name),
                                "role": self.views.text(p.model.role),
                                "buying_influence": p.model.buying_influence.value
                                if p.model.buying_influence
                                else None,
                                "href": self.link.to("persona", p.id, page),
                                "strength": self.strength(p),
                                "segment": self.segment(p, page),
                            }
                            for p in members
                        ],
                    }
                )
        decisions = sorted(
            self.ws.decisions.values(), key=lambda d: (d.meta.date, d.id), reverse=True
        )
        context = self.base(page, self.ws.config.title or "Personas")
        context.update(
            description=self.views.text(self.ws.config.description or ""),
            groups=groups,
            journeys=[
                {
                    "title": j.model.title,
                    "href": self.link.to("journey", j.id, page),
                    "steps": len(j.model.steps),
                }
                for j in sorted(self.ws.journeys.values(), key=lambda j: j.id)
            ],
            decisions=[self.decision_link(d, page) for d in decisions],
            notes=len(self.visible_notes()),
        )
        return Page(page, "index", context)

    def persona(self, persona: PersonaDoc) -> Page:
        page = self.link.path("persona", persona.id)
        model = persona.model
        sections = []
        for section in CLAIM_SECTIONS:
            entries = [e for e in persona.claims if e.loc[0] == section]
            if entries:
                sections.append(
                    {
                        "id": section,
                        "title": SECTION_TITLES[section],
                        "claims": [self.claim(persona, e, page) for e in entries],
                    }
                )
        cells = []
        for key in model.journey:
            label, href = self.views.step(key, page)
            parts = {
                e.loc[2]: self.claim(persona, e, page)
                for e in persona.claims
                if e.loc[0] == "journey" and e.loc[1] == key
            }
            cells.append(
                {
                    "step": label,
                    "href": href,
                    "success": parts.get("success"),
                    "goes_wrong": parts.get("goes_wrong"),
                }
            )
        context = self.base(page, model.name)
        first_claim = min((e.position[0] for e in persona.claims), default=10**9)
        context["page_findings"] = [
            self.describe(f)
            for f in self.findings_by_path.get(persona.path, [])
            if f.line < first_claim
        ]
        context.update(
            persona={
                "id": persona.id,
                "name": self.views.text(model.name),
                "role": self.views.text(model.role),
                "priority": model.priority.value,
                "buying_influence": model.buying_influence.value
                if model.buying_influence
                else None,
                "context": model.context,
                "owner": None if self.public else model.owner,
                "reviewed": model.reviewed.isoformat() if model.reviewed else None,
            },
            sections=sections,
            cells=cells,
            strength=self.strength(persona),
            segment=self.segment(persona, page),
            decisions=self.decisions_citing(persona.id, page),
        )
        return Page(page, "persona", context)

    def journey(self, journey: Any) -> Page:
        page = self.link.path("journey", journey.id)
        steps = [
            {"id": s.id, "title": s.title, "anchor": f"step-{s.id}", "description": s.description}
            for s in journey.model.steps
        ]
        rows: list[dict[str, Any]] = []
        for persona in self.personas:
            cells: list[dict[str, Any]] = []
            for step in journey.model.steps:
                key = f"{journey.id}/{step.id}"
                parts = {
                    e.loc[2]: self.claim(persona, e, page)
                    for e in persona.claims
                    if e.loc[0] == "journey" and e.loc[1] == key
                }
                stalls = [
                    self.claim(persona, e, page)
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
                    "name": self.views.text(persona.model.name),
                    "href": self.link.to("persona", persona.id, page),
                    "cells": cells,
                }
            )
        gaps = sum(1 for row in rows for cell in row["cells"] if cell["empty"])
        context = self.base(page, journey.model.title)
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

    def claim_label(self, persona: PersonaDoc, entry: ClaimEntry) -> str:
        """`Persona name: claim text`, for backlinks (no evidence is recomputed)."""
        claim = entry.claim
        text = job_sentence(claim) if isinstance(claim, Job) else claim.text
        return f"{self.views.text(persona.model.name)}: {self.views.text(text)}"

    @cached_property
    def _backlinks(self) -> dict[str, dict[str, list[tuple[str, str, str | None, str]]]]:
        """Note id → anchor (or "" for counted-in) → (kind, id, anchor, label), built in
        one pass over claims and decisions rather than once per note page."""
        links: dict[str, dict[str, list[tuple[str, str, str | None, str]]]] = {}
        for persona in self.personas:
            for entry in persona.claims:
                ev = self.session.evidence.for_claim(entry)
                target = (
                    "persona",
                    persona.id,
                    claim_anchor(entry),
                    self.claim_label(persona, entry),
                )
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
        for decision in sorted(self.ws.decisions.values(), key=lambda d: d.id):
            for ref in decision.meta.rests_on:
                parts = split_ref(ref)
                if parts and parts[0] == "note" and parts[1] in self.ws.notes:
                    label = f"Decision: {decision.title or decision.id}"
                    links.setdefault(parts[1], {}).setdefault(parts[2], []).append(
                        ("decision", decision.id, None, label)
                    )
        return links

    def note(self, note: Any) -> Page:
        page = self.link.path("note", note.id)
        links = self._backlinks.get(note.id, {})

        def resolve(targets: list[tuple[str, str, str | None, str]]) -> list[dict[str, str]]:
            return [
                {"label": label, "href": self.link.to(kind, ident, page, anchor=anchor)}
                for kind, ident, anchor, label in targets
            ]

        cited_by = {anchor: resolve(links.get(anchor, [])) for anchor in note.quotes}
        counted_in = resolve(links.get("", []))
        quotes = [
            {
                "anchor": q.anchor,
                "text": self.views.text(q.text),
                "tags": sorted(q.tags),
                "cited_by": cited_by[q.anchor],
            }
            for q in note.quotes.values()
        ]
        meta = note.meta
        context = self.base(page, note.title or note.id)
        context.update(
            note={
                "id": note.id,
                "title": self.views.text(note.title or note.id),
                "participant": None if self.public else note.participant,
                "role": meta.role,
                "kind": note.kind,
                "date": note.date.isoformat(),
                "account": None if self.public else meta.account,
                "consent": meta.consent.value,
                "tags": sorted(t.lower() for t in meta.tags),
            },
            quotes=quotes,
            counted_in=counted_in,
            body=page_body(
                self.views.text(self.ws.body(note.path, note.body_line)), note.title or ""
            ),
        )
        return Page(page, "note", context)

    def decision(self, decision: Any) -> Page:
        page = self.link.path("decision", decision.id)
        rests_on = []
        for ref in decision.meta.rests_on:
            parts = split_ref(ref)
            item: dict[str, Any] = {"ref": ref, "label": ref, "href": None, "quote": None}
            if parts and parts[0] == "note" and parts[1] in self.ws.personas:
                persona = self.ws.personas[parts[1]]
                entry = next((e for e in persona.claims if e.claim.id == parts[2]), None)
                if entry is not None:
                    item["label"] = self.claim_label(persona, entry)
                    item["href"] = self.link.to(
                        "persona", persona.id, page, anchor=claim_anchor(entry)
                    )
            elif parts:
                from ..model import QuoteRef

                item["quote"] = self.views.quote(self.session.evidence.resolve(QuoteRef(ref)), page)
                if item["quote"] is None:
                    item["label"] = f"{ref} (withheld)" if self.public else ref
            rests_on.append(item)
        personas = [
            {
                "name": self.views.text(self.ws.personas[p].model.name),
                "href": self.link.to("persona", p, page),
            }
            for p in decision.meta.personas
            if p in self.ws.personas
        ]
        context = self.base(page, decision.title or decision.id)
        context.update(
            decision={
                "id": decision.id,
                "title": self.views.text(decision.title or decision.id),
                "date": decision.meta.date.isoformat(),
                "status": decision.meta.status.value,
                **self.decision_link_target(decision),
            },
            personas=personas,
            rests_on=rests_on,
            body=page_body(
                self.views.text(self.ws.body(decision.path, decision.body_line)),
                decision.title or "",
            ),
        )
        return Page(page, "decision", context)

    def decision_link_target(self, decision: Any) -> dict[str, str | None]:
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
        if self.public and not is_public_web(url) and getattr(consent, "value", "") != "public":
            return {"link": None, "link_text": None}
        if self.public and self.views.text(url) != url:
            # an address or a number in the link itself: shown masked, not linked
            return {"link": None, "link_text": url}
        return {"link": safe_href(url), "link_text": url}

    def evidence(self) -> Page:
        page = self.link.path("evidence", "")
        tables = []
        # A public edition counts public notes only: the tags and roles of internal
        # notes are internal text too.
        source: Any = (
            _NotesOnly({n.id: n for n in self.visible_notes()}) if self.public else self.ws
        )
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
                "title": self.views.text(n.title or n.id),
                "href": self.link.to("note", n.id, page),
                "kind": n.kind,
                "date": n.date.isoformat(),
                "participant": None if self.public else n.participant,
            }
            for n in self.visible_notes()
        ]
        context = self.base(page, "Evidence")
        context.update(tables=tables, notes=notes)
        return Page(page, "evidence", context)


@dataclass
class _NotesOnly:
    """The part of a workspace `tag_table` reads, restricted to some notes."""

    notes: dict[str, Any]


# Context keys that hold links or markup render built itself, not workspace text.
_NOT_TEXT = frozenset({"href", "root", "anchor", "step_href", "svg", "link"})


def masked(value: Any, text: Callable[[str], str], key: str = "") -> Any:
    """`value` with every piece of text in it masked (`--public`): titles, attributes
    and captions get what the body gets. Links render made are left as they are."""
    if key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {k: masked(v, text, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, text, key) for v in value]
    if isinstance(value, tuple):
        if key == "nav":  # (label, href)
            return (text(value[0]), *value[1:])
        return tuple(masked(v, text) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: masked(getattr(value, f.name), text, f.name) for f in fields(value)}
        return replace(value, **changes)
    return value


def _describe(finding: Finding) -> str:
    return f"{finding.severity.value} {finding.code} {finding.name}: {finding.message}"
