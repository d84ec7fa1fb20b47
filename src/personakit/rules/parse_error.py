"""Flags a file that is not valid YAML, or a note or decision without valid front matter.

## Why it matters
A file lint cannot read is a file whose claims nobody checks. Every other rule is
silent about it, so this one must be loud.

## Example
```yaml
name: Olivia, the onboarding ops admin
role: [Operations manager
```
Lint reports:
```text
personas/ops-admin.yaml:2:7: error PK001 parse-error: while parsing a flow sequence that starts here: did not find expected ',' or ']' by line 3
```
Fix: close the bracket, or quote the value. Front matter starts and ends with `---`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK001"
NAME = "parse-error"
SEVERITY = Severity.error
SUMMARY = "a file that is not valid YAML / front matter"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK001 findings: a file that is not valid YAML / front matter."""
    ws = session.workspace
    return [problem for code, problem in ws.problems if code == CODE]
