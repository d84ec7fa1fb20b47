"""Flags a claim with neither a quote nor a count.

A claim is any entry of `jobs`, `motivations`, `success`, `anxieties` and `stalls`, and
the `success` and `goes_wrong` of each journey cell.

## Why it matters
This is the heart of personakit: a persona is only as honest as its least supported
claim. A claim with nothing behind it is an opinion written in a persona's voice.

## Example
```yaml
anxieties:
  - text: Fears the team will judge the tool by an empty first screen
```
Lint reports:
```text
personas/ops-admin.yaml:43:5: error PK101 unsupported-claim: "Fears the team will judge the tool by ..." has no quote or count
```
Fix: cite what someone said (`quotes: [p05#q1, p09#q2]`) or count how many said it
(`count: {n: 4, of: 6, tag: empty-first-screen, among: {role: ops-admin}}`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK101"
NAME = "unsupported-claim"
SEVERITY = Severity.error
SUMMARY = "a claim with neither a quote nor a count"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK101 findings: a claim with neither a quote nor a count."""
    ws = session.workspace
    for entry in ws.claims:
        if not entry.claim.quotes and entry.claim.count is None:
            line, col = entry.position
            yield Problem(entry.path, line, col, f"{short(entry.label)} has no quote or count")
