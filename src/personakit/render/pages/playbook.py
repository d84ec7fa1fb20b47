"""What a persona page shows of its playbook: each step, the claims it answers (linked),
a bar of its states today, and the share of members at risk over the snapshots.

Built from the figures computed before pages (render.figures): counts only, never a
member's key. A public render shows a count below `min_group_size` as "fewer than N",
and then also hides the next smallest count of that step as "not shown" (one hidden
count alone could be worked out from the others and the total); a step with a hidden
count has no bar. When few members have no start, every step hides a count (its counts
add up to the members less those), and when a step's at-risk count is hidden, so is
the number of members at risk (with one step, it is that count).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Job
from ...model.playbook import STATES
from ..charts import line_chart, state_bar
from ..views import job_sentence, safe_name
from .base import Made

if TYPE_CHECKING:
    from ...workspace import PersonaDoc
    from .base import Site

STATE_WORDS = {
    "done": "done",
    "late": "late",
    "scheduled": "scheduled",
    "open": "open",
    "at_risk": "at risk",
}


def hidden_counts(counts: dict[str, int], floor: int) -> set[str]:
    """The states whose counts a public page hides: those below `floor`, and when that
    is only one, the smallest other one too, so that none can be worked out."""
    hidden = {state for state, n in counts.items() if n < floor}
    if len(hidden) == 1 and len(counts) > 1:
        rest = sorted((n, STATES.index(state), state) for state, n in counts.items())
        hidden.add(next(state for _n, _i, state in rest if state not in hidden))
    return hidden


def playbook_view(site: Site, persona: PersonaDoc, page: str) -> dict[str, Any] | None:
    """The persona's playbook as page data, or None when it has none (or no figures)."""
    playbook = persona.model.playbook
    data = site.ws.config.data
    figures = site.figures.playbook(persona.id)
    if playbook is None or data is None or figures is None:
        return None
    floor = data.min_group_size

    def shown(n: int) -> str:
        return Made(f"fewer than {floor}" if site.public and n < floor else n)

    def hidden_as(n: int) -> Made:
        # A count hidden beside a small one may itself be large: "fewer than" would lie.
        return Made(f"fewer than {floor}" if n < floor else "not shown")

    claims = {e.claim.id: e for e in persona.claims if e.claim.id}
    summary = figures.summary
    # The members without a start, when few, would be the members shown less every
    # step's counts (which add up to the rest): each step then hides one count more.
    few_without_start = site.public and 0 < summary.no_start < floor
    at_risk_hidden = False
    steps = []
    for step, counted in zip(playbook.steps, summary.steps, strict=True):
        counts = {state: getattr(counted, state) for state in STATES}
        hidden = hidden_counts(counts, floor) if site.public else set()
        if few_without_start and not hidden:
            hidden = {min(counts, key=lambda state: (counts[state], STATES.index(state)))}
        at_risk_hidden = at_risk_hidden or "at_risk" in hidden
        because = []
        for claim_id in step.because:
            entry = claims.get(claim_id)
            if entry is None:
                continue  # PK404 reports it; render refuses a workspace with errors
            claim = entry.claim
            text = job_sentence(claim) if isinstance(claim, Job) else claim.text
            because.append(
                {"text": site.text(text), "href": site.claim_href(persona.id, entry, page)}
            )
        parts = [(state, n) for state, n in counts.items()]
        # The step's id is masked here: the finished SVG is not (its numbers are not text).
        title = f"{site.text(step.id)} as of {site.ws.today.isoformat()}"
        steps.append(
            {
                "id": step.id,
                "text": site.text(step.text),
                "within": f"{step.within} days",
                "because": because,
                "counts": [
                    {
                        "state": state,
                        "word": STATE_WORDS[state],
                        "n": hidden_as(n) if state in hidden else Made(n),
                    }
                    for state, n in counts.items()
                ],
                "bar": "" if hidden else state_bar(title, parts),
            }
        )
    with_start = summary.members - summary.no_start
    chart = _trend(site, persona, page, floor)
    at_risk = shown(summary.at_risk)
    if at_risk_hidden and summary.at_risk >= floor:
        # With one step (or none at risk but one), members at risk are its count.
        at_risk = hidden_as(summary.at_risk)
    return {
        "as_of": summary.as_of.isoformat(),
        "starts": playbook.starts,
        "members": shown(summary.members),
        "no_start": shown(summary.no_start) if summary.no_start else None,
        "with_start": hidden_as(with_start) if few_without_start else shown(with_start),
        "at_risk": at_risk,
        "steps": steps,
        "chart": chart,
    }


def _trend(site: Site, persona: PersonaDoc, page: str, floor: int) -> dict[str, Any] | None:
    figures = site.figures.playbook(persona.id)
    assert figures is not None
    points: list[tuple[str, float | None]] = []
    for point in figures.trend:
        small = point.with_start < floor or point.at_risk < floor
        if point.with_start == 0 or (site.public and small):
            points.append((point.as_of.isoformat(), None))
        else:
            points.append((point.as_of.isoformat(), 100.0 * point.at_risk / point.with_start))
    svg = line_chart("Members at risk (%)", points) if points else ""
    if not svg:
        return None
    name = f"charts/{safe_name(persona.id)}-playbook.svg"
    if site.link.extension == ".md":
        site.assets[name] = svg
    return {
        "title": "Members at risk (%)",
        "svg": svg,
        "href": "../" * page.count("/") + name,
        "snapshots": len(points),
    }
