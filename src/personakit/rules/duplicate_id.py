"""Flags two notes, two quotes in one note, two claims in one persona, two steps in one
journey or one playbook, or two rows of one source that share an id.

## Why it matters
A citation must point at exactly one thing. With two `^q1` anchors in a note, a
claim citing `p03#q1` rests on whichever lint happened to read first.

## Example
```markdown
> We waited for IT. ^q1
> The CSV import failed twice. ^q1
```
Lint reports:
```text
interviews/interviews/2026-09-08-p01.md:20:1: error PK003 duplicate-id: quote anchor ^q1 is already used on line 16
```
Fix: give the second quote its own anchor, `^q2`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.documents import PersonaDoc
    from ..session import Session

CODE = "PK003"
NAME = "duplicate-id"
SEVERITY = Severity.error
SUMMARY = (
    "two notes, quotes in one note, claims in one persona or steps in one playbook sharing an id"
)
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK003 findings: two notes, quotes in one note, claims in one persona or steps in
    one playbook sharing an id."""
    ws = session.workspace
    for note in ws.duplicate_notes:
        first = ws.notes[note.id].path
        line, col = note.id_position
        yield Problem(note.path, line, col, f"note id {note.id!r} is already used by {first}")
    for note in ws.notes.values():
        for quote in note.duplicate_quotes:
            first_line = note.quotes[quote.anchor].line
            yield Problem(
                note.path,
                quote.line,
                quote.column,
                f"quote anchor ^{quote.anchor} is already used on line {first_line}",
            )
    for persona in ws.personas.values():
        yield from _in_persona(persona)
    for journey in ws.journeys.values():
        steps: dict[str, int] = {}
        for i, step in enumerate(journey.model.steps):
            line, col = journey.doc.position(("steps", i, "id"))
            if step.id in steps:
                yield Problem(
                    journey.path,
                    line,
                    col,
                    f"step id {step.id!r} is already used on line {steps[step.id]}",
                )
            else:
                steps[step.id] = line
    for row in ws.duplicate_rows:
        first_line = ws.sources[row.source][row.id].line
        yield Problem(
            row.path, row.line, 1, f"row id {row.id!r} is already used on line {first_line}"
        )


# By the persona file itself, which nothing changes after loading: a language server
# holds the unchanged ones (workspace/memory.py), whose claims need not be gone through.
@lru_cache(maxsize=1 << 12)
def _in_persona(persona: PersonaDoc) -> tuple[Problem, ...]:
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for entry in persona.claims:
        claim_id = entry.claim.id
        if claim_id is None:
            continue
        line, col = entry.doc.position((*entry.loc, "id"))
        if claim_id in seen:
            found.append(
                Problem(
                    persona.path,
                    line,
                    col,
                    f"claim id {claim_id!r} is already used on line {seen[claim_id]}",
                )
            )
        else:
            seen[claim_id] = line
    found.extend(_playbook_steps(persona))
    return tuple(found)


def _playbook_steps(persona: Any) -> Iterable[Problem]:
    """Two steps of one playbook sharing an id: `--step ID` and snapshots name steps by id."""
    playbook = persona.model.playbook
    if playbook is None:
        return
    steps: dict[str, int] = {}
    for i, step in enumerate(playbook.steps):
        line, col = persona.doc.position(("playbook", "steps", i, "id"))
        if step.id in steps:
            yield Problem(
                persona.path,
                line,
                col,
                f"playbook step id {step.id!r} is already used on line {steps[step.id]}",
            )
        else:
            steps[step.id] = line
