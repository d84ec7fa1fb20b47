"""Flags an unknown field, a wrong type, a missing required field or a bad enum value.

Also flags a suppression comment that names no known rule or gives no reason.

## Why it matters
A typo such as `qoutes:` would otherwise silently drop a claim's evidence. Unknown
fields are errors; extra note fields must be declared under `note_fields`.

## Example
```yaml
anxieties:
  - text: Fears the team will judge the tool by an empty first screen
    qoutes: [p05#q1]
```
Lint reports:
```text
personas/ops-admin.yaml:45:5: error PK002 schema: unknown field 'qoutes' in anxieties[0]; did you mean 'quotes'?
```
Fix: `quotes: [p05#q1]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK002"
NAME = "schema"
SEVERITY = Severity.error
SUMMARY = "an unknown field, a wrong type, a missing required field, a bad enum value"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK002 findings: an unknown field, a wrong type, a missing required field, a bad
    enum value."""
    ws = session.workspace
    yield from (problem for code, problem in ws.problems if code == CODE)
    for path, suppressions in ws.suppressions.items():
        for sup in suppressions:
            unknown = sorted(r for r in sup.rules if not session.is_rule(r))
            if unknown:
                more = session.rule_hint(unknown[0])
                yield Problem(
                    path, sup.line, 1, f"suppression names unknown rule {unknown[0]!r}{more}"
                )
            elif not sup.reason:
                yield Problem(path, sup.line, 1, "suppression needs a reason after the rule codes")
