"""Flags a segment or a count from data that names a table, column or relation the
user data lacks.

Checked: a persona's `segment` (`of`, every `where` column, every `track` column,
and that a relation leads from `of` to each table named), and a count's `segment`
(the persona must have one) and `where` columns.

## Why it matters
A segment is a saved question over live data. When a column is renamed in the
warehouse, the question silently stops meaning anything; lint says so at the line.

## Example
```yaml
segment:
  of: users
  where:
    accounts.plan: enterprise     # the column is `tier`
```
Fix: `accounts.tier: enterprise`. `personakit segment PERSONA --sql` shows the SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import WorkspaceError
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..workspace import Workspace

CODE = "PK401"
NAME = "unknown-column"
SEVERITY = Severity.error
SUMMARY = "a segment or data count naming a table, column or relation that the data lacks"
OPTIONS: dict[str, Any] = {}


def check(ws: Workspace, options: dict[str, Any]) -> Iterable[Problem]:
    if not ws.has_data_claims():
        return
    for persona in ws.personas.values():
        segment = persona.model.segment
        if segment is None:
            continue
        line, col = persona.doc.position(("segment",), key=True)
        if ws.config.data is None:
            yield Problem(persona.path, line, col, "segment: no `data:` block in personakit.yaml")
            continue
        problem = ws.data.segment_problem(segment)
        if problem:
            yield Problem(persona.path, line, col, f"segment: {problem}")
    for entry in ws.claims:
        count = entry.claim.count
        if count is None or count.segment is None:
            continue
        line, col = entry.count_position()
        why = _count_problem(ws, count)
        if why:
            yield Problem(entry.path, line, col, f"{short(entry.label)}: {why}")


def _count_problem(ws: Workspace, count: Any) -> str | None:
    if ws.config.data is None:
        return "count from data, but no `data:` block in personakit.yaml"
    persona = ws.personas.get(count.segment)
    if persona is None:
        return f"segment: no persona {count.segment!r}"
    if persona.model.segment is None:
        return f"segment: persona {count.segment!r} has no segment"
    try:
        return ws.data.unknown(list(count.where))
    except WorkspaceError as exc:
        return exc.message
