"""Flags a workspace with more personas than `max_personas` (default 7).

## Why it matters
Teams act on a handful of personas. Past seven, people stop remembering who is who
and the vocabulary the personas were meant to give fragments again.

## Example
Nine files under `personas/`.
Lint reports:
```text
personakit.yaml:1:1: info PK205 persona-sprawl: 9 personas, more than max_personas (7)
```
Fix: merge personas whose jobs and stalls overlap, or retire the ones no decision
cites (see PK203).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..workspace.config import CONFIG_NAME
from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK205"
NAME = "persona-sprawl"
SEVERITY = Severity.info
SUMMARY = "more personas than `max_personas` (default 7)"
OPTIONS: dict[str, Any] = {"max_personas": 7}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK205 findings: more personas than `max_personas` (default 7)."""
    ws = session.workspace
    limit = int(options["max_personas"])
    if len(ws.personas) > limit:
        yield Problem(
            CONFIG_NAME,
            1,
            1,
            f"{len(ws.personas)} personas, more than max_personas ({limit})",
            whole_file=True,
        )
