"""Flags a segment or a count from data that names a table, column or relation the
user data lacks.

Checked: a persona's `segment` (`of`, every `where` column, every `track` column,
and that a relation leads from `of` to each table named), a count's `segment`
(the persona must have one) and `where` columns, and a persona's `playbook`: `starts`
(a date column of the segment's table or of a table it joins to), and each step's
`done_when` and `scheduled_when` (columns that exist, a table with a `time` column that
holds dates, and a relation from that table to the segment's table or a table it joins
to, naming the one to declare when it is missing, and whose columns do not join text to
numbers). A time of day alone (`10:00:00`) is not dates. Each mistake of a playbook is
its own finding at its own line; a table's own mistake once, at its first use. Also
reported here, at the condition
that needs them: a data file that cannot be read (a ragged row, a field over 128 KiB,
a broken Parquet or JSON-lines file, text that is not UTF-8), a value that does not
fit its column's type, and a `within` span that would leave the calendar.

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
Lint reports:
```text
personas/economic-buyer.yaml:11:5: error PK401 unknown-column: segment: accounts.plan: table 'accounts' has no column 'plan' (data/accounts.csv)
```
Fix: `accounts.tier: enterprise`. `personakit segment PERSONA --sql` shows the SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..suggest import hint
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK401"
NAME = "unknown-column"
SEVERITY = Severity.error
SUMMARY = "a segment, data count or playbook naming a table, column or relation that the data lacks"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK401 findings: a segment, data count or playbook naming a table, column or
    relation that the data lacks."""
    ws = session.workspace
    if not ws.has_data_claims():
        return
    for persona in ws.personas.values():
        segment = persona.model.segment
        if segment is None:
            continue
        if ws.config.data is None:
            line, col = persona.doc.position(("segment",), key=True)
            yield Problem(persona.path, line, col, "segment: no `data:` block in personakit.yaml")
            continue
        # run=True: the segment is asked of the data once here, so that an error only
        # the engine finds is reported at the segment, not lost (PK402 reuses the size).
        problem = session.data.segment_problem(segment, run=True)
        if problem:
            line, col = persona.doc.position(("segment", *problem.where), key=True)
            yield Problem(persona.path, line, col, f"segment: {problem.message}")
        elif persona.model.playbook is not None:
            # One finding per mistake: three misspelt columns are three findings.
            for problem in session.data.playbook_problems(segment, persona.model.playbook):
                line, col = persona.doc.position(("playbook", *problem.where), key=True)
                yield Problem(persona.path, line, col, f"playbook: {problem.message}")
    for entry, count in ws.data_counts():
        why, where = _count_problem(session, count)
        if why:
            line, col = entry.doc.position((*entry.loc, "count", *where), key=bool(where))
            yield Problem(entry.path, line, col, f"{short(entry.label)}: {why}")


def _count_problem(session: Session, count: Any) -> tuple[str | None, tuple[Any, ...]]:
    ws = session.workspace
    if ws.config.data is None:
        return "count from data, but no `data:` block in personakit.yaml", ()
    if ws.is_unread("persona", count.segment):
        return None, ()  # that persona's file has its own finding
    persona = ws.personas.get(count.segment)
    if persona is None:
        more = hint(count.segment, ws.personas)
        return f"segment: no persona {count.segment!r}{more}", ("segment",)
    if persona.model.segment is None:
        return f"segment: persona {count.segment!r} has no segment", ("segment",)
    problem = session.data.count_problem(count, count.as_of or ws.today, run=True)
    if problem is None:
        return None, ()
    return problem.message, problem.where
