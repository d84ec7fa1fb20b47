"""Flags a citation of a note, anchor or source row that does not exist.

## Why it matters
A citation that points nowhere looks like evidence in review and is none. Notes get
renamed and anchors edited; this keeps every citation pointing at a real quote.

## Example
```yaml
quotes: [p03#q9]   # p03 has quotes ^q1 and ^q2 only
```
Lint reports:
```text
personas/ops-admin.yaml:45:14: error PK102 unknown-quote: "Fears the team will judge the tool by ..." cites p03#q9: note 'p03' has no quote ^q9; its quotes are ^q1, ^q2
```
Fix: cite an anchor the note has, or add the `^q9` anchor to the quote you meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..evidence import split_ref
from ..model import QuoteRef
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK102"
NAME = "unknown-quote"
SEVERITY = Severity.error
SUMMARY = "a citation of a note or anchor that does not exist"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK102 findings: a citation of a note or anchor that does not exist."""
    ws = session.workspace
    for entry in ws.claims:
        for cite in session.evidence.for_claim(entry).citations:
            if cite.error is not None:
                line, col = entry.citation_position(cite.index)
                yield Problem(entry.path, line, col, f"{short(entry.label)} cites {cite.error}")
    for decision in ws.decisions.values():
        for i, ref in enumerate(decision.meta.rests_on):
            parts = split_ref(ref)
            # Persona claims are PK201's business; here only notes and source rows.
            if parts is None or parts[1] in ws.personas:
                continue
            if parts[0] == "note" and parts[1] not in ws.notes:
                continue
            cite = session.evidence.resolve(QuoteRef(ref))
            if cite.error is not None:
                line, col = decision.doc.position(("rests_on", i))
                yield Problem(decision.path, line, col, f"rests on {cite.error}")
