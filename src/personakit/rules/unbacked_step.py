"""Flags a playbook step that rests on no evidence: no `because`, a `because` naming a
claim this persona does not have, or naming a claim that has no quote or count itself.

## Why it matters
A playbook tells a team what to do for a persona's members and whom to call when they
fall behind. A step nobody can tie to something users said or did is a habit written
down as a process, and it costs every member it is applied to. Naming the claim keeps
the step as hard to make up as the persona.

## Example
```yaml
playbook:
  starts: users.signup_date
  steps:
    - id: integration-call
      text: Integration working session with one of our engineers
      within: 14d
      scheduled_when: {events.name: integration_call_booked}
      done_when: {events.name: integration_call_held}
      because: [integration-stal]
```
Lint reports:
```text
personas/ops-admin.yaml:94:17: error PK404 unbacked-step: step 'integration-call': because: ops-admin has no claim 'integration-stal'; did you mean 'integration-stall'?
```
Fix: `because: [integration-stall]`, a claim of this persona with quotes or a count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..suggest import hint
from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session
    from ..workspace import PersonaDoc

CODE = "PK404"
NAME = "unbacked-step"
SEVERITY = Severity.error
SUMMARY = "a playbook step with no `because`, or naming a missing or unsupported claim"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK404 findings: a playbook step with no `because`, or naming a missing or
    unsupported claim."""
    for persona in session.workspace.personas.values():
        if persona.model.playbook is not None:
            yield from _steps(persona)


def _steps(persona: PersonaDoc) -> Iterable[Problem]:
    playbook = persona.model.playbook
    assert playbook is not None
    claims = {entry.claim.id: entry.claim for entry in persona.claims if entry.claim.id}
    for i, step in enumerate(playbook.steps):
        where = ("playbook", "steps", i)
        if not step.because:
            line, col = persona.doc.position((*where, "id"))
            yield Problem(
                persona.path,
                line,
                col,
                f"step {step.id!r} has no `because`: name the claims of {persona.id} it answers",
            )
            continue
        for j, claim_id in enumerate(step.because):
            line, col = persona.doc.position((*where, "because", j))
            claim = claims.get(claim_id)
            if claim is None:
                if not persona.complete:
                    continue  # the claim may stand in the part that did not load (PK002)
                yield Problem(
                    persona.path,
                    line,
                    col,
                    f"step {step.id!r}: because: {persona.id} has no claim {claim_id!r}"
                    + hint(claim_id, claims),
                )
            elif not claim.quotes and claim.count is None:
                yield Problem(
                    persona.path,
                    line,
                    col,
                    f"step {step.id!r}: because: claim {claim_id!r} has no quote or count "
                    "itself (PK101)",
                )
