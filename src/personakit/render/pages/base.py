"""What every page shares: the site model's inputs, links, masking and draft marks.

A `Site` holds the loaded workspace (read from memory only), the findings of the lint
run (`Marks`) and the data figures computed before pages are built (`Figures`). Page
builders (one module per page kind) take a `Site` and return a `Page`: a template name
and one plain context. Nothing here reads a file or asks the data engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...model import Job
from ..views import ClaimView, LinkMaker, ViewBuilder, claim_anchor, job_sentence

if TYPE_CHECKING:
    from ...findings import Finding
    from ...session import Session
    from ...workspace import ClaimEntry, PersonaDoc
    from ..figures import Figures
    from ..marks import Marks

PRIORITY_ORDER = {"primary": 0, "secondary": 1, "not-targeted": 2}


class Site:
    """The shared part of the site model: session, findings, figures, render options."""

    def __init__(
        self,
        session: Session,
        marks: Marks,
        figures: Figures,
        *,
        ext: str,
        public: bool,
        draft: bool,
        names: list[str],
    ) -> None:
        self.session = session
        self.ws = ws = session.workspace
        self.marks = marks
        self.figures = figures
        self.public = public
        self.draft = draft
        self.link = LinkMaker(ext)
        self.views = ViewBuilder(session, public=public, names=names, link=self.link)
        self.personas = sorted(
            ws.personas.values(),
            key=lambda p: (PRIORITY_ORDER.get(p.model.priority.value, 9), p.id),
        )
        self.assets: dict[str, str] = {}  # extra files, e.g. charts for Markdown pages
        # how many kinds of evidence the workspace has (pages/hero.py), counted once
        self.evidence_kinds: int | None = None

    def text(self, value: str) -> str:
        """Workspace text as a page shows it (masked in a public edition)."""
        return self.views.text(value)

    def journeys(self) -> list[Any]:
        """The journeys, in page order."""
        return sorted(self.ws.journeys.values(), key=lambda j: j.id)

    def decisions(self, newest_first: bool = False) -> list[Any]:
        """The decisions, by id, or newest first."""
        if newest_first:
            return sorted(
                self.ws.decisions.values(), key=lambda d: (d.meta.date, d.id), reverse=True
            )
        return sorted(self.ws.decisions.values(), key=lambda d: d.id)

    def visible_notes(self) -> list[Any]:
        """The notes a page may show: all, or only public ones in a public edition."""
        notes = sorted(self.ws.notes.values(), key=lambda n: (n.date, n.id))
        if self.public:
            notes = [n for n in notes if n.meta.consent.value == "public"]
        return notes

    def base(self, page: str, title: str) -> dict[str, Any]:
        """The context every template gets: titles, navigation, draft marks of the file."""
        return {
            "site_title": self.ws.config.title or "Personas",
            "title": title,
            "root": "../" * page.count("/"),
            "draft": self.draft,
            "public": self.public,
            # Lists, not tuples: a note page's context is kept as JSON (render/delta.py).
            "nav": [
                ["Personas", self.link.to("index", "", page)],
                *[[j.model.title, self.link.to("journey", j.id, page)] for j in self.journeys()],
                ["Evidence", self.link.to("evidence", "", page)],
            ],
            "page_findings": self.describe_all(self.marks.in_file(self._sources.get(page))),
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

    def unpaged_findings(self) -> list[Finding]:
        """Findings in files no page presents (the config, a source, a file that did
        not load): the index shows them, so that a draft shows every finding."""
        paged = set(self._sources.values())
        return [f for f in self.marks.findings if f.path not in paged]

    def describe_all(self, findings: list[Finding], *, place: bool = False) -> list[str]:
        """Draft marks for findings (`place`: with file and line); none unless a draft."""
        return [self.describe(f, place=place) for f in findings] if self.draft else []

    def describe(self, finding: Finding, *, place: bool = False) -> str:
        """A draft mark. A public edition leaves out the message, which may quote
        internal text (a withheld quote, a participant's words), and the file name."""
        if self.public:
            return f"{finding.severity.value} {finding.code} {finding.name}"
        where = f"{finding.path}:{finding.line}: " if place else ""
        return f"{where}{finding.severity.value} {finding.code} {finding.name}: {finding.message}"

    def claim(self, persona: PersonaDoc, entry: ClaimEntry, page: str) -> ClaimView:
        """A claim as pages show it, its badges and count check taken from the findings."""
        ev = self.session.evidence.for_claim(entry)
        view = self.views.claim(entry, page, self.describe_all(self.marks.in_claim(persona, entry)))
        view.badges = self.marks.badges(entry, ev)
        if view.count is not None:
            count = entry.claim.count
            assert count is not None
            if count.segment is not None:
                computed = self.figures.data_count_answered(entry)
            else:
                computed = ev.count is not None and ev.count.recomputed
            check = self.marks.count_check(entry, computed)
            view.count = replace(view.count, verified=check.verified, differs=check.differs)
        return view

    def claim_label(self, persona: PersonaDoc, entry: ClaimEntry) -> str:
        """`Persona name: claim text`, for backlinks (no evidence is recomputed)."""
        claim = entry.claim
        text = job_sentence(claim) if isinstance(claim, Job) else claim.text
        return f"{self.text(persona.model.name)}: {self.text(text)}"

    def claim_href(self, persona_id: str, entry: ClaimEntry, page: str) -> str:
        """A link to a claim on its persona's page."""
        return self.link.to("persona", persona_id, page, anchor=claim_anchor(entry))

    def decision_link(self, decision: Any, page: str) -> dict[str, Any]:
        """A decision as a list entry: title, link, date and status."""
        return {
            "title": self.text(decision.title or decision.id),
            "href": self.link.to("decision", decision.id, page),
            "date": decision.meta.date.isoformat(),
            "status": decision.meta.status.value,
        }


# Context keys that hold what render built itself, not workspace text: links, markup
# (charts and bars, whose titles are masked before they are drawn: a viewBox's numbers
# would read as a phone number), dates it wrote out from date values, and the digest
# of a note's body that its quote
# slots carry; and a note's body with those slots, whose text is masked already, around
# them (pages/note.py). A slot's hex digits masked as a phone number would lose the
# note's quotes from the page; a date only costs the phone matcher's time.
_NOT_TEXT = frozenset(
    {
        "href", "root", "anchor", "step_href", "claim_href", "svg", "bar", "link", "colour",
        "date", "newest", "reviewed", "slot_key", "marked_body",
    }
)  # fmt: skip


class Made(str):
    """Text render wrote itself from numbers and dates (a segment's size, a count of
    members, a chart's values), never from workspace text: left as it is by a public
    edition's masking, to which seven digits would read as a phone number."""

    __slots__ = ()


def masked(value: Any, text: Callable[[str], str], key: str = "") -> Any:
    """`value` with every piece of text in it masked (`--public`): titles, attributes
    and captions get what the body gets. Links and `Made` text are left as they are."""
    if key in _NOT_TEXT or isinstance(value, Made):
        return value
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {k: masked(v, text, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        if key == "nav":  # [label, href] pairs: the label is text, the link is not
            return [[text(entry[0]), *entry[1:]] for entry in value]
        return [masked(v, text, key) for v in value]
    if isinstance(value, tuple):
        return tuple(masked(v, text) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: masked(getattr(value, f.name), text, f.name) for f in fields(value)}
        return replace(value, **changes)
    return value
