"""Flags a count without a `tag`, which nothing can recompute.

Such a count must say where it comes from in `source` (free text, e.g. "Q3 survey,
n=212"); it is then reported as unverified rather than refused.

## Why it matters
A number from a slide deck may be right, but no one can check it against the notes.
Readers should know which numbers are recomputed on every change and which are not.

## Example
```yaml
count: {n: 31, of: 212, source: "Q3 in-app survey"}
```
Lint reports:
```text
personas/ops-admin.yaml:32:12: warning PK106 unverified-count: "Wants the rollout to count toward her ...": count 31 of 212 has no tag, so nothing can recompute it (source: Q3 in-app survey)
```
Fix: import the survey as a CSV source and count a tag over it
(`count: {n: 31, of: 212, tag: integration, source: survey}`), or silence the finding
in place with the reason it cannot be recomputed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK106"
NAME = "unverified-count"
SEVERITY = Severity.warning
SUMMARY = "a count with no tag, which nothing can recompute"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK106 findings: a count with no tag, which nothing can recompute."""
    ws = session.workspace
    for entry in ws.claims:
        count = entry.claim.count
        if count is None or count.tag is not None or count.segment is not None:
            continue
        origin = f" (source: {count.source})" if count.source else " and names no source"
        line, col = entry.count_position()
        yield Problem(
            entry.path,
            line,
            col,
            f"{short(entry.label)}: count {count.n} of {count.of} has no tag, "
            f"so nothing can recompute it{origin}",
        )
