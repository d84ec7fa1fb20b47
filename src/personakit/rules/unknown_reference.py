"""Flags a reference to a persona, journey, step, claim, source or note field that does
not exist.

References are checked in a stall's `step`, a persona's `journey` cells, a decision's
`personas` and `rests_on`, and a count's `source` and `among` fields.

## Why it matters
Renaming a journey step or a persona must not leave cards and decisions pointing at
nothing. Lint resolves every reference across the whole workspace.

## Example
```yaml
stalls:
  - text: Stops at the integration step
    step: onboarding/integrate    # the step's id is `integration`
```
Lint reports:
```text
personas/ops-admin.yaml:51:11: error PK201 unknown-reference: stall "Stops at the integration step for days ...": journey 'onboarding' has no step 'integrate'; did you mean 'onboarding/integration'?
```
Fix: use the id the journey gives (`onboarding/integration`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..evidence import split_ref
from ..model import Stall
from ..suggest import closest, did_you_mean, hint
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session
    from ..workspace import Workspace

CODE = "PK201"
NAME = "unknown-reference"
SEVERITY = Severity.error
SUMMARY = "a persona, journey, step or claim that does not exist"
OPTIONS: dict[str, Any] = {}


def _step_error(ws: Workspace, ref: str) -> str | None:
    journey_id, sep, step_id = ref.partition("/")
    if not sep or not journey_id or not step_id:
        return f"{ref!r} is not JOURNEY/STEP"
    journey = ws.journeys.get(journey_id)
    if journey is None:
        if ws.is_unread("journey", journey_id):
            return None  # a journey file that could not be read: its own finding says why
        close = closest(journey_id, ws.journeys)
        holding = [j for j in close if step_id in ws.journeys[j].step_ids]
        refs = [f"{j}/{step_id}" for j in holding] or close
        phrase = did_you_mean(refs)
        return f"no journey {journey_id!r}" + (f"; {phrase}" if phrase else "")
    if step_id not in journey.step_ids:
        more = did_you_mean([f"{journey_id}/{s}" for s in closest(step_id, journey.step_ids)])
        return f"journey {journey_id!r} has no step {step_id!r}" + (f"; {more}" if more else "")
    return None


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK201 findings: a persona, journey, step or claim that does not exist."""
    ws = session.workspace
    for persona in ws.personas.values():
        for key in persona.model.journey:
            error = _step_error(ws, key)
            if error:
                line, col = persona.doc.position(("journey", key), key=True)
                yield Problem(persona.path, line, col, f"journey cell {key!r}: {error}")
        for entry in persona.claims:
            claim = entry.claim
            if isinstance(claim, Stall) and claim.step is not None:
                error = _step_error(ws, claim.step)
                if error:
                    line, col = entry.doc.position((*entry.loc, "step"))
                    yield Problem(entry.path, line, col, f"stall {short(entry.label)}: {error}")
            if claim.count is not None and claim.count.tag is not None:
                result = session.evidence.count(claim.count)
                if result.error:
                    line, col = entry.count_position()
                    yield Problem(entry.path, line, col, f"{short(entry.label)}: {result.error}")
    for decision in ws.decisions.values():
        for i, persona_id in enumerate(decision.meta.personas):
            if persona_id not in ws.personas and not ws.is_unread("persona", persona_id):
                line, col = decision.doc.position(("personas", i))
                more = hint(persona_id, ws.personas)
                yield Problem(decision.path, line, col, f"no persona {persona_id!r}{more}")
        for i, ref in enumerate(decision.meta.rests_on):
            error = _rests_on_error(ws, ref)
            if error:
                line, col = decision.doc.position(("rests_on", i))
                yield Problem(decision.path, line, col, f"rests on {ref!r}: {error}")


def _rests_on_error(ws: Workspace, ref: str) -> str | None:
    parts = split_ref(ref)
    if parts is None:
        return "not PERSONA#CLAIM, NOTE#ANCHOR or SOURCE:ROW"
    kind, left, right = parts
    if kind == "source" or (left in ws.notes and left not in ws.personas):
        return None  # a quote: unknown-quote checks it
    persona = ws.personas.get(left)
    has_claim = persona is not None and any(e.claim.id == right for e in persona.claims)
    # A file read only in part (this persona's, or a note whose id could not be read)
    # may hold what is cited: its own finding comes first.
    unread = ws.is_unread("persona", left) or (ws.unknown_note_ids and persona is None)
    if unread and not has_claim:
        return None
    if persona is None:
        return f"no persona or note {left!r}{hint(left, [*ws.personas, *ws.notes])}"
    if not has_claim:
        ids = [entry.claim.id for entry in persona.claims if entry.claim.id]
        more = did_you_mean([f"{left}#{i}" for i in closest(right, ids)])
        return f"persona {left!r} has no claim with id {right!r}" + (f"; {more}" if more else "")
    return None
