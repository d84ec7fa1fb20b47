"""Flags a claim whose quotes all come from one participant, with no count of two or more.

## Why it matters
One articulate customer can shape a whole persona. A claim heard from one voice is an
anecdote until a second participant, or a count, says the same.

## Example
```yaml
quotes: [p03#q1, p03#q2]   # both from participant P03
```
Lint reports:
```text
personas/ops-admin.yaml:30:5: warning PK107 single-voice: "Wants the rollout to count toward her ...": every quote comes from one participant (P03)
```
Fix: cite a second participant, or add a count with `n` of at least 2. If one voice is
all there can be, say why: `# personakit: ignore[PK107] the only buyer we could reach`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK107"
NAME = "single-voice"
SEVERITY = Severity.warning
SUMMARY = "a claim whose quotes all come from one participant and that has no count of two or more"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK107 findings: a claim whose quotes all come from one participant and that has no
    count of two or more."""
    ws = session.workspace
    for entry in ws.claims:
        count = entry.claim.count
        if count is not None and count.n >= 2:
            continue
        evidence = session.evidence.for_claim(entry)
        if not evidence.complete:
            continue  # a cited note was read only in part: its own finding comes first
        voices = evidence.voices  # of its citations (a count's voices are not among them)
        if len(voices) == 1:
            line, col = entry.position
            (voice,) = voices
            yield Problem(
                entry.path,
                line,
                col,
                f"{short(entry.label)}: every quote comes from one participant ({voice})",
            )
