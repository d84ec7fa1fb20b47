"""Flags a note that no claim quotes or counts and no decision rests on.

## Why it matters
An orphan note is research the team paid for and does not use: either it holds
evidence a persona is missing, or it holds something that contradicts one.

## Example
A note `interviews/2026-10-07-p11.md` whose quotes no persona cites and whose tags no
count counts.
Lint reports:
```text
interviews/interviews/2026-10-07-p11.md:1:1: info PK204 orphan-note: note 'p11' is cited by no claim or decision
```
Fix: cite it where it belongs, or say why not with
`<!-- personakit: ignore[PK204] out of scope: pricing research -->`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.documents import Note
    from ..session import Session

CODE = "PK204"
NAME = "orphan-note"
SEVERITY = Severity.info
SUMMARY = "a note that no claim cites"
OPTIONS: dict[str, Any] = {}
_CITING = ("personas/", "decisions/")


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK204 findings: a note that no claim cites."""
    ws = session.workspace
    # A persona or decision read only in part may cite a note in what was left out:
    # such a note is taken as cited when its id is written there (`p03#q1`).
    broken = {p.path for _code, p in ws.problems if p.path.startswith(_CITING)}
    texts = [ws.texts.get(path) for path in sorted(broken)]
    if any(text is None for text in texts):
        return  # a citing file that was not read at all may cite any note
    used = session.evidence.used_notes()
    for note in ws.notes.values():
        if note.id in used or not note.complete:
            continue
        if not texts or not any(f"{note.id}#" in text for text in texts if text):
            yield _uncited(note)


# By the note itself, which nothing changes after loading: a language server's lint
# after one edit gets the same problem for each of the notes it held, and what it
# built from that problem the last time holds (linter.py, lsp/diagnostics.py).
@lru_cache(maxsize=1 << 15)
def _uncited(note: Note) -> Problem:
    return Problem(
        note.path, 1, 1, f"note {note.id!r} is cited by no claim or decision", whole_file=True
    )
