"""Flags a count from data whose recomputed `n` or `of` differs from the stated one by
more than `tolerance` (default 0.1, that is 10%).

A count from data reads `count: {n, of, segment: PERSONA, where: {...}, as_of: DATE}`:
`of` is the size of PERSONA's segment and `n` how many of its members also match
`where`. It is recomputed on today's data, with relative dates (`within: 90d`)
measured from `as_of`.

## Why it matters
"31 of 212 at-risk buyers have not logged in this month" was true when written. Data
moves; this keeps the sentence honest, or says when it stopped being so.

## Example
```yaml
count:
  n: 31
  of: 212
  segment: at-risk-buyer
  where: {users.active_days_28: {max: 2}}
  as_of: 2026-11-01
# today's data says 11 of 20
```
Lint reports:
```text
personas/economic-buyer.yaml:40:12: warning PK403 data-drift: "Comes up to the renewal having barely ...": stated 31 of 212, today's data says 11 of 20 as of 2026-11-24 (tolerance 10%)
```
Fix: update the numbers and `as_of`, or rewrite the claim if it no longer holds.
`personakit lint --fix` sets `n` and `of` to what the data says as of the count's
`as_of` (which it leaves as it is); whether the claim still holds is for you to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..fix.edits import count_fix
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK403"
NAME = "data-drift"
SEVERITY = Severity.warning
SUMMARY = (
    "a data count whose recomputed n or of differs from the stated one by more than `tolerance`"
)
OPTIONS: dict[str, Any] = {"tolerance": 0.1}
FIXABLE = "safe"


def _drifted(stated: int, actual: int, tolerance: float) -> bool:
    return abs(actual - stated) > tolerance * max(abs(stated), 1)


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK403 findings: a data count whose recomputed n or of differs from the stated one
    by more than `tolerance`."""
    ws = session.workspace
    if ws.config.data is None:
        return
    tolerance = float(options["tolerance"])
    for entry, count in ws.data_counts():
        persona = ws.personas.get(count.segment)
        if persona is None or persona.model.segment is None:
            continue  # PK401
        as_of = count.as_of or ws.today
        if session.data.segment_problem(persona.model.segment) or session.data.segment_problem(
            persona.model.segment, as_of
        ):
            continue  # PK401
        if session.data.count_problem(count, as_of, run=True):
            continue  # PK401
        n, of = session.data.count(count, as_of)
        if _drifted(count.n, n, tolerance) or _drifted(count.of, of, tolerance):
            line, col = entry.count_position()
            when = f" as of {count.as_of.isoformat()}" if count.as_of else ""
            yield Problem(
                entry.path,
                line,
                col,
                f"{short(entry.label)}: stated {count.n} of {count.of}, today's data says "
                f"{n} of {of}{when} (tolerance {tolerance:.0%})",
                details={"stated": {"n": count.n, "of": count.of}, "data": {"n": n, "of": of}},
                fix=count_fix(entry, count.n, count.of, n, of),
            )
