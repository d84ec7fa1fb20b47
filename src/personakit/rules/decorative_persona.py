"""Flags a persona that no decision has cited within `max_days_without_decision`
(default 180).

A decision cites a persona by listing it under `personas` or by resting on one of its
claims (`rests_on: [ops-admin#integration-stall]`). A persona with no claims yet (as
`personakit new persona` writes it) is a draft, not decoration: it is not reported
until it holds a claim.

## Why it matters
A persona that no product decision rests on is decoration: it costs upkeep and
shapes nothing. Either put it to work or retire it.

## Example
A persona file `personas/analyst.yaml` that no file under `decisions/` names, or only
decisions dated more than 180 days ago.
Lint reports:
```text
personas/analyst.yaml:1:1: warning PK203 decorative-persona: persona 'analyst' has informed no decision in 180 days (no decision cites it)
```
Fix: record the decisions it informs, or mark the persona `priority: not-targeted`
and delete it when nobody misses it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..dates import days_before
from ..evidence import split_ref
from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK203"
NAME = "decorative-persona"
SEVERITY = Severity.warning
SUMMARY = "a persona no decision has cited within `max_days_without_decision`"
OPTIONS: dict[str, Any] = {"max_days_without_decision": 180}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK203 findings: a persona no decision has cited within `max_days_without_decision`."""
    ws = session.workspace
    days = int(options["max_days_without_decision"])
    # A decision that could not be read may cite a persona: one whose id is written
    # in it is not reported (that decision's own finding comes first).
    broken = {p.path for _code, p in ws.problems if p.path.startswith("decisions/")}
    texts = [ws.texts.get(path) for path in sorted(broken)]
    if any(text is None for text in texts):
        return  # a decision that was not read at all may cite any persona
    last_cited: dict[str, dt.date] = {}
    for decision in ws.decisions.values():
        cited = set(decision.meta.personas)
        for ref in decision.meta.rests_on:
            parts = split_ref(ref)
            if parts and parts[0] == "note" and parts[1] in ws.personas:
                cited.add(parts[1])
        for persona_id in cited:
            if persona_id not in last_cited or last_cited[persona_id] < decision.meta.date:
                last_cited[persona_id] = decision.meta.date
    cutoff = days_before(ws.today, days)  # stops at 0001-01-01 rather than overflow
    for persona in ws.personas.values():
        last = last_cited.get(persona.id)
        if last is not None and last >= cutoff:
            continue
        if not persona.claims:
            continue  # a draft: nothing to decide on yet
        if not persona.complete or any(persona.id in text for text in texts if text):
            continue  # a file read only in part: its own finding comes first
        line, col = persona.doc.position(("name",), key=True)
        why = "no decision cites it" if last is None else f"last cited on {last.isoformat()}"
        yield Problem(
            persona.path,
            line,
            col,
            f"persona {persona.id!r} has informed no decision in {days} days ({why})",
            whole_file=True,
        )
