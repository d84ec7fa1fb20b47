"""Flags a job story missing `when`, `want` or `so`.

A job story reads "When [situation], I want to [motivation], so I can [outcome]"; each
of the three parts is required and must not be empty.

## Why it matters
Without the situation a job is a feature request; without the outcome nobody can
tell whether the product delivered it.

## Example
```yaml
jobs:
  - when: my manager schedules the internal demo
    want: to get the core integration connected first
    quotes: [p01#q2, p03#q1]
```
Lint reports:
```text
personas/ops-admin.yaml:17:5: error PK202 incomplete-job-story: job story "to get the core integration connected ..." is missing 'so'
```
Fix: add `so: I don't show my team an empty product`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Job
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK202"
NAME = "incomplete-job-story"
SEVERITY = Severity.error
SUMMARY = "a job story missing when, want or so"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK202 findings: a job story missing when, want or so."""
    ws = session.workspace
    for entry in ws.claims:
        job = entry.claim
        if not isinstance(job, Job):
            continue
        missing = [
            part for part in ("when", "want", "so") if not (getattr(job, part) or "").strip()
        ]
        if missing:
            line, col = entry.position
            parts = " and ".join(repr(m) for m in missing)
            yield Problem(
                entry.path, line, col, f"job story {short(entry.label)} is missing {parts}"
            )
