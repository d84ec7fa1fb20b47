"""The top of a persona card, shared by the persona page and the index: the initials
avatar, the one-sentence summary, the evidence meter and the strongest quote.

Everything here is plain data for templates; a public edition masks it like any
other context (the avatar's initials come from the persona's masked name).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from ...model import Job
from ..views import job_sentence

if TYPE_CHECKING:
    from ...workspace import PersonaDoc
    from ..views import QuoteView
    from .base import Site

# Avatar backgrounds: dark enough for white initials to meet WCAG AA on every one of
# them (contrast 4.5:1 or more), in light and dark mode alike.
AVATAR_COLOURS = (
    "#1f5f8b",
    "#6a3d9a",
    "#2b6a36",
    "#9b3a1e",
    "#345995",
    "#7a4a00",
    "#0d6464",
    "#8a2f5b",
)


def initials(name: str) -> str:
    """`Olivia, the onboarding ops admin` → `O`; `Maria Lopez` → `ML`: the first
    letters of up to two words of the name before its first comma."""
    head = name.split(",", 1)[0]
    words = ["".join(ch for ch in w if ch.isalnum()) for w in head.split()]
    letters = [w[0].upper() for w in words if w]
    return "".join(letters[:2]) or "?"


def avatar(persona_id: str, name: str) -> dict[str, str]:
    """The initials avatar: letters from the (shown) name, colour from the persona id,
    the same on every render."""
    digest = hashlib.sha256(persona_id.encode("utf-8", "surrogatepass")).digest()
    return {"initials": initials(name), "colour": AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]}


def summary(site: Site, persona: PersonaDoc) -> str | None:
    """The persona in one sentence: its first job story read aloud."""
    for entry in persona.claims:
        if isinstance(entry.claim, Job):
            return site.text(job_sentence(entry.claim))
    return None


def percent(part: float, whole: float) -> int:
    """`part` of `whole` as a whole percentage, 0 to 100 (0 when `whole` is 0)."""
    if whole <= 0:
        return 0
    return max(0, min(100, round(100 * part / whole)))


def meter(site: Site, persona: PersonaDoc, all_kinds: int) -> list[dict[str, Any]]:
    """The evidence meter: a few bars, each a label and a share from 0 to 100.

    Claims with evidence, claims counted or quoted by two or more voices, kinds of
    evidence (of the kinds the whole workspace has) and how fresh the newest is
    (full when new, empty at PK108's `max_age_days`)."""
    claims = len(persona.claims)
    supported = strong = 0
    kinds: set[str] = set()
    newest = None
    for entry in persona.claims:
        claim = entry.claim
        ev = site.session.evidence.for_claim(entry)
        voices = set(ev.voices) | (set(ev.count.voices) if ev.count is not None else set())
        if claim.quotes or claim.count is not None:
            supported += 1
        if len(voices) >= 2 or (claim.count is not None and claim.count.n >= 2):
            strong += 1
        kinds |= ev.kinds
        if ev.newest and (newest is None or ev.newest > newest):
            newest = ev.newest
    s = "s" if claims != 1 else ""
    bars = [
        {
            "label": f"{claims} claim{s} · {supported} with evidence",
            "share": percent(supported, claims),
        },
        {
            "label": f"{strong} counted or quoted by ≥2 voices",
            "share": percent(strong, claims),
        },
        {
            "label": f"{len(kinds)} kind{'s' if len(kinds) != 1 else ''} of evidence",
            "share": percent(len(kinds), all_kinds),
        },
    ]
    if newest is not None:
        max_age = int(site.session.settings["PK108"].options["max_age_days"])
        age = (site.ws.today - newest).days
        when = "today" if age == 0 else f"{age} day{'s' if age != 1 else ''} ago"
        if age < 0:
            when = f"dated {newest.isoformat()}"
        bars.append(
            {
                "label": f"newest evidence {when}",
                "share": percent(max_age - max(age, 0), max_age),
                "date": newest.isoformat(),
            }
        )
    return bars


def workspace_kinds(site: Site) -> int:
    """How many kinds of evidence the workspace's claims rest on, all personas together:
    the full length of a persona's "kinds of evidence" bar (counted once per site)."""
    if site.evidence_kinds is None:
        kinds: set[str] = set()
        for persona in site.personas:
            for entry in persona.claims:
                kinds |= site.session.evidence.for_claim(entry).kinds
        site.evidence_kinds = len(kinds)
    return site.evidence_kinds


def strongest_quote(
    site: Site, persona: PersonaDoc, page: str
) -> tuple[QuoteView, str, str] | None:
    """The persona's strongest quote a page may show, with the claim it backs and the
    claim's anchor: the first quote of a claim flagged `featured: true`, else the quote
    cited by the most of the persona's claims (the first cited, on a tie)."""
    cited: dict[str, int] = {}
    first: dict[str, tuple[QuoteView, Any]] = {}
    for entry in persona.claims:
        ev = site.session.evidence.for_claim(entry)
        for cite in ev.citations:
            view = site.views.quote(cite, page)
            if view is None:
                continue
            if getattr(entry.claim, "featured", False):
                return view, _claim_text(site, entry), _anchor(entry)
            cited[view.ref] = cited.get(view.ref, 0) + 1
            first.setdefault(view.ref, (view, entry))
    if not cited:
        return None
    best = max(cited, key=lambda ref: cited[ref])  # max keeps the first of equals
    view, entry = first[best]
    return view, _claim_text(site, entry), _anchor(entry)


def _claim_text(site: Site, entry: Any) -> str:
    claim = entry.claim
    return site.text(job_sentence(claim) if isinstance(claim, Job) else claim.text)


def _anchor(entry: Any) -> str:
    from ..views import claim_anchor

    return claim_anchor(entry)
