"""Flags a claim whose newest evidence is older than `max_age_days` (default 365).

The age of a quote is the date of its note (or source row); the age of a count is the
date of the newest note it counts.

## Why it matters
Markets move and products change. A persona resting on two-year-old interviews
describes the customers you had, not the ones you have.

## Example
```yaml
# personakit.yaml
rules: {PK108: {max_age_days: 180}}
```
A claim whose quotes all come from notes dated more than 180 days ago is flagged.
Lint reports:
```text
personas/economic-buyer.yaml:18:5: warning PK108 stale-evidence: "to see how many of the people we pay ...": newest evidence is from 2026-10-22, more than 180 days ago
```
Fix: find fresher evidence (a recent interview or ticket) and cite it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..dates import days_before
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK108"
NAME = "stale-evidence"
SEVERITY = Severity.warning
SUMMARY = "a claim whose newest evidence is older than `max_age_days`"
OPTIONS: dict[str, Any] = {"max_age_days": 365}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK108 findings: a claim whose newest evidence is older than `max_age_days`."""
    ws = session.workspace
    max_age = int(options["max_age_days"])
    cutoff = days_before(ws.today, max_age)  # stops at 0001-01-01 rather than overflow
    for entry in ws.claims:
        evidence = session.evidence.for_claim(entry)
        newest = evidence.newest
        if evidence.complete and newest is not None and newest < cutoff:
            line, col = entry.position
            yield Problem(
                entry.path,
                line,
                col,
                f"{short(entry.label)}: newest evidence is from {newest.isoformat()}, "
                f"more than {max_age} days ago",
            )
