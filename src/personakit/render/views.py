"""What a page shows of claims, quotes and counts: computed here, laid out by templates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .. import phrasing
from ..model import Job, Stall

if TYPE_CHECKING:
    from ..evidence import Citation, ClaimEvidence
    from ..model import Count
    from ..session import Session
    from ..workspace import ClaimEntry
    from .public import Masker

SECTION_TITLES = {
    "jobs": "Job stories",
    "motivations": "Motivations",
    "success": "Definition of success",
    "anxieties": "Anxieties",
    "stalls": "Where they get stuck",
}


@dataclass
class QuoteView:
    """A cited quote or source row as a page shows it."""

    ref: str
    text: str
    participant: str
    kind: str
    date: str
    href: str | None  # to the note's anchor; None for source rows (no page)
    quoted: str | None = None  # the words the claim quotes from it, if given


@dataclass
class CountView:
    """A count as a page shows it, with what lint says of it."""

    n: int
    of: int
    label: str  # "4 of 6 ops admins"
    tag: str | None
    verified: bool  # lint compared it with the evidence or data and found it right
    source: str | None = None
    from_data: bool = False
    differs: bool = False  # lint found it wrong (PK104, or PK403 for a count from data)

    @property
    def share(self) -> int:
        """`n` of `of` as a whole percentage (0 to 100), for the proportion bar."""
        if self.of <= 0:
            return 0
        return max(0, min(100, round(100 * self.n / self.of)))


@dataclass
class ClaimView:
    """A claim as a page shows it: text, evidence, badges and draft marks."""

    anchor: str
    section: str
    text: str
    id: str | None = None
    step: str | None = None
    step_label: str | None = None
    step_href: str | None = None
    quotes: list[QuoteView] = field(default_factory=list)
    withheld: int = 0  # quotes left out of a public render
    count: CountView | None = None
    badges: list[str] = field(default_factory=list)  # from the lint findings (render.marks)
    voices: int = 0
    kinds: list[str] = field(default_factory=list)
    newest: str | None = None
    findings: list[str] = field(default_factory=list)  # --draft only


def plural(label: str, names: Iterable[str] = ()) -> str:
    """`ops-admin` → `ops admins`, `ap-clerk` → `AP clerks`: a label as a plural noun."""
    return phrasing.plural(label, names)


def count_label(count: Count, source_kind: str | None, names: Iterable[str] = ()) -> str:
    """A count in words: `4 of 6 ops admins`, `7 of 14 support tickets from ops admins`.

    `names` (the personas' names) give ids their case: `AP clerks` for `ap-clerk`."""
    roles = count.among.get("role", ())
    kinds = count.among.get("kind", ())
    if count.source and source_kind:
        noun = plural(source_kind) + (f" from {plural(roles[0], names)}" if len(roles) == 1 else "")
    elif len(roles) == 1:
        noun = plural(roles[0], names)
    else:
        noun = "participants"
    if kinds and not count.source:
        noun += " (" + ", ".join(plural(k) for k in kinds) + ")"
    return f"{count.n} of {count.of} {noun}"


def job_sentence(job: Job) -> str:
    """A job story as one sentence: `When ..., I want to ..., so I can ...`."""
    return phrasing.job_sentence(job.when, job.want, job.so)


class ViewBuilder:
    """Builds views of claims with a workspace's evidence, settings and render options."""

    def __init__(
        self,
        session: Session,
        *,
        public: bool,
        names: list[str],
        link: LinkMaker,
    ) -> None:
        self.session = session
        self.ws = session.workspace
        self.public = public
        self.names = names
        self.link = link
        self._masker: Masker | None = None
        # The case of role ids in count labels comes from these (`AP clerks`).
        self.persona_names = [p.model.name for p in self.ws.personas.values()]

    def text(self, value: str) -> str:
        """Workspace text as a page shows it: masked in a public edition."""
        if not self.public:
            return value
        if self._masker is None:
            from .public import Masker

            # The workspace's region, as lint's PK301 reads phone numbers with.
            self._masker = Masker(self.names, self.ws.config.region)
        return self._masker(value)

    def quote(self, cite: Citation, page: str) -> QuoteView | None:
        """A resolved citation, or None when a public render must leave it out."""
        if cite.quote is not None:
            note = cite.quote.note
            if self.public and note.meta.consent.value != "public":
                return None
            return QuoteView(
                ref=cite.ref.ref,
                text=self.text(cite.quote.text),
                participant="a participant" if self.public else note.participant,
                kind=note.kind,
                date=note.date.isoformat(),
                href=self.link.to("note", note.id, page, anchor=cite.quote.anchor),
                quoted=self.text(cite.ref.text) if cite.ref.text else None,
            )
        if cite.row is not None:
            if self.public:
                return None  # source rows are exports of internal systems
            row = cite.row
            return QuoteView(
                ref=cite.ref.ref,
                text=row.text,
                participant=row.voice,
                kind=row.kind,
                date=row.date.isoformat() if row.date else "",
                href=None,
                quoted=cite.ref.text,
            )
        return None

    def count(self, count: Count) -> CountView:
        """A count's label and kind; whether lint found it right is set from the findings."""
        if count.segment is not None:
            return self.data_count(count)
        source_kind = None
        if count.source and count.tag is not None:
            conf = self.ws.config.sources.get(count.source)
            source_kind = conf.kind.value if conf else None
        return CountView(
            n=count.n,
            of=count.of,
            label=count_label(count, source_kind, self.persona_names),
            tag=count.tag,
            verified=False,
            source=count.source,
        )

    def data_count(self, count: Count) -> CountView:
        """A count from user data (checked against today's data by PK403, not here)."""
        persona = self.ws.personas.get(count.segment or "")
        noun = f"in the {persona.id} segment" if persona else "segment members"
        when = f" as of {count.as_of.isoformat()}" if count.as_of else ""
        return CountView(
            n=count.n,
            of=count.of,
            label=f"{count.n} of {count.of} {noun}{when}",
            tag=None,
            verified=False,
            source="user data",
            from_data=True,
        )

    def claim(self, entry: ClaimEntry, page: str, findings: list[str]) -> ClaimView:
        """A claim with its quotes and count; badges and count checks are added from
        the lint findings by the page's `Site`."""
        ev: ClaimEvidence = self.session.evidence.for_claim(entry)
        claim = entry.claim
        text = job_sentence(claim) if isinstance(claim, Job) else claim.text
        view = ClaimView(
            anchor=claim_anchor(entry),
            section=entry.section,
            text=self.text(text),
            id=claim.id,
            voices=len(ev.voices),
            kinds=sorted(ev.kinds),
            newest=ev.newest.isoformat() if ev.newest else None,
            findings=findings,
        )
        for cite in ev.citations:
            quote = self.quote(cite, page)
            if quote is not None:
                view.quotes.append(quote)
            elif cite.resolved:
                view.withheld += 1
        if claim.count is not None:
            view.count = self.count(claim.count)
        if isinstance(claim, Stall) and claim.step:
            view.step = claim.step
            view.step_label, view.step_href = self.step(claim.step, page)
        return view

    def step(self, ref: str, page: str) -> tuple[str, str | None]:
        """A `JOURNEY/STEP` reference as a label and a link to the step (None if unknown)."""
        journey_id, _, step_id = ref.partition("/")
        journey = self.ws.journeys.get(journey_id)
        if journey is None:
            return ref, None
        title = next((s.title for s in journey.model.steps if s.id == step_id), step_id)
        label = f"{journey.model.title}: {title}"
        return label, self.link.to("journey", journey_id, page, anchor=f"step-{step_id}")


def claim_anchor(entry: ClaimEntry) -> str:
    """The HTML anchor of a claim on its persona page."""
    if entry.claim.id:
        return f"claim-{entry.claim.id}"
    return "claim-" + "-".join(str(p).replace("/", "-") for p in entry.loc)


class LinkMaker:
    """Relative links between pages, for one output format (`.html` or `.md`)."""

    FOLDERS: ClassVar[dict[str, str]] = {
        "persona": "personas",
        "journey": "journeys",
        "note": "notes",
        "decision": "decisions",
    }

    def __init__(self, extension: str) -> None:
        self.extension = extension

    def path(self, kind: str, ident: str) -> str:
        """Where the page of a thing goes, relative to the output folder."""
        if kind in ("index", "evidence"):
            return f"{kind}{self.extension}"
        return f"{self.FOLDERS[kind]}/{safe_name(ident)}{self.extension}"

    def to(self, kind: str, ident: str, page: str, anchor: str | None = None) -> str:
        """A relative link from `page` to the page of a thing (and an anchor on it)."""
        target = self.path(kind, ident)
        if self.extension == ".md" and anchor and anchor.startswith(("claim-", "step-")):
            # GitHub-flavoured Markdown has no anchors on list items or table columns;
            # quotes are headings (`### ^q1` → `#q1`) and keep theirs.
            anchor = None
        prefix = "../" * page.count("/")
        return prefix + target + (f"#{anchor}" if anchor else "")


_PLAIN = re.compile(r"[a-z0-9][a-z0-9.-]*")
_MAX_NAME = 150  # bytes of a page's file name before its extension


@functools.lru_cache(maxsize=1 << 16)  # every page links to the same few thousand ids
def safe_name(ident: str) -> str:
    """A file name for an id, injective and the same on every run.

    Lower-case letters, digits, `-` and `.` are kept; every other character (capitals
    too, so that `P-01` and `p-01` stay two files on a case-insensitive disk, and `_`,
    the escape character itself) becomes `_HEX_`. A name too long for a file system is
    shortened and made unique by a hash of the id.
    """
    if _PLAIN.fullmatch(ident):
        name = ident
    else:
        name = "".join(
            ch
            if ch in "-." or (ch.isascii() and ch.isalnum() and not ch.isupper())
            else f"_{ord(ch):x}_"
            for ch in ident
        )
        if name.startswith("."):
            name = "_2e_" + name[1:]
    if len(name) > _MAX_NAME:
        import hashlib

        digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{name[: _MAX_NAME - 18]}_~{digest}"
    return name
