"""Flags a stall backed by one kind of evidence only.

Kinds are the `kind` of the cited notes and source rows (interview, support ticket,
churn note, ...), and of the notes a count counted.

## Why it matters
People describe getting stuck differently from how they actually get stuck. A stall
seen both in interviews and in support tickets or churn notes is one you can plan on.

## Example
```yaml
stalls:
  - text: Stops at the integration step for days
    quotes: [p03#q1, p07#q2]     # both interviews
```
Lint reports:
```text
personas/ops-admin.yaml:49:5: info PK109 not-triangulated: stall "Stops at the integration step for days ..." rests on interview evidence only
```
Fix: add a support ticket or churn note that shows the same stall
(`quotes: [p03#q1, tickets:T-4821]`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from ..session import Session

CODE = "PK109"
NAME = "not-triangulated"
SEVERITY = Severity.info
SUMMARY = "a stall backed by one kind of evidence only"
OPTIONS: dict[str, Any] = {}


def triangulated(kinds: Collection[str]) -> bool:
    """Whether evidence of these kinds is triangulated (two kinds or more); the
    "triangulated" badge of a rendered claim is this same test."""
    return len(kinds) >= 2


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK109 findings: a stall backed by one kind of evidence only."""
    ws = session.workspace
    for entry in ws.claims:
        if entry.loc[0] != "stalls":
            continue
        evidence = session.evidence.for_claim(entry)
        kinds = evidence.kinds
        if evidence.complete and kinds and not triangulated(kinds):
            line, col = entry.position
            (kind,) = kinds
            yield Problem(
                entry.path, line, col, f"stall {short(entry.label)} rests on {kind} evidence only"
            )
