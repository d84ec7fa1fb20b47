"""Flags a segment with no members as of today.

## Why it matters
A persona nobody in the product matches is either a persona of the future (say so)
or a filter that broke: an empty segment never looks wrong in a dashboard.

## Example
```yaml
segment:
  of: users
  where:
    accounts.tier: enterprise
    users.nps: {max: -1}
```
Lint reports:
```text
personas/economic-buyer.yaml:8:1: warning PK402 empty-segment: segment of 'economic-buyer' has no members as of 2026-11-24
```
Fix: check each condition with `personakit top` (for instance
`personakit top users.nps --where accounts.tier=enterprise`) and loosen the one that
excludes everybody.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK402"
NAME = "empty-segment"
SEVERITY = Severity.warning
SUMMARY = "a segment with no members as of today"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK402 findings: a segment with no members as of today."""
    ws = session.workspace
    if ws.config.data is None:
        return
    for persona in ws.personas.values():
        segment = persona.model.segment
        if segment is None or session.data.segment_problem(segment, run=True):
            continue  # PK401 reports broken segments
        if not session.data.size(persona.id, ws.today):
            line, col = persona.doc.position(("segment",), key=True)
            yield Problem(
                persona.path,
                line,
                col,
                f"segment of {persona.id!r} has no members as of {ws.today.isoformat()}",
            )
