"""Flags a count that cannot be true: n greater than of, n below zero, or of zero.

## Why it matters
An impossible count is a typo that a reader would still believe. It is caught before
anything tries to recompute it.

## Example
```yaml
count: {n: 7, of: 5, tag: waits-for-demo}
```
Lint reports:
```text
personas/ops-admin.yaml:40:12: error PK105 impossible-count: "Has real data on the dashboard before ...": count 7 of 5: n is greater than of
```
Fix: swap the numbers, or recount with `personakit tags`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK105"
NAME = "impossible-count"
SEVERITY = Severity.error
SUMMARY = "n > of, n < 0, or of = 0"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK105 findings: n > of, n < 0, or of = 0."""
    ws = session.workspace
    for entry in ws.claims:
        count = entry.claim.count
        if count is None:
            continue
        if count.of <= 0:
            why = "of must be at least 1"
        elif count.n < 0:
            why = "n cannot be negative"
        elif count.n > count.of:
            why = "n is greater than of"
        else:
            continue
        line, col = entry.count_position()
        yield Problem(
            entry.path, line, col, f"{short(entry.label)}: count {count.n} of {count.of}: {why}"
        )
