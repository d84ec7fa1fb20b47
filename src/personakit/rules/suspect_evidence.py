"""Flags a claim whose cited quote, note or source row changed since a person last
reviewed the claim against its evidence (`personakit review`).

`personakit review` records a hash of each cited quote (its text and its note's
participant, kind, date and role) and source row in `personakit.lock`. A claim is
suspect when one of them changed, or when citations were added or removed since.
Claims never reviewed are not reported.

## Why it matters
A claim is written against what the notes said at the time. When a quote is corrected,
a note re-dated or a ticket re-tagged, the claim may no longer follow from it, and
nobody notices unless something points at it.

## Example
After `personakit review`, someone corrects the transcript of `p03#q1`. Lint reports:
`"Stops at the integration step ...": evidence changed since it was reviewed on
2026-11-24: p03#q1 changed`.
Fix: re-read the claim against the new quote, edit the claim if needed, then run
`personakit review ops-admin` to record the evidence as reviewed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..review import claim_evidence
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK110"
NAME = "suspect-evidence"
SEVERITY = Severity.warning
SUMMARY = "a claim whose cited quote, note or source row changed since the claim was last reviewed"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK110 findings: a claim whose cited quote, note or source row changed since the
    claim was last reviewed."""
    ws = session.workspace
    if not session.lock:
        return
    for entry in ws.claims:
        recorded = session.lock.get(entry.key)
        if not isinstance(recorded, dict):
            continue
        if not session.evidence.for_claim(entry).complete:
            continue  # a cited note was read only in part: what changed is not known
        before: dict[str, str] = recorded.get("evidence") or {}
        now = claim_evidence(session.evidence, entry)
        changes = [f"{ref} changed" for ref in now if ref in before and now[ref] != before[ref]]
        changes += [f"{ref} added" for ref in now if ref not in before]
        changes += [f"{ref} removed" for ref in before if ref not in now]
        if changes:
            line, col = entry.position
            yield Problem(
                entry.path,
                line,
                col,
                f"{short(entry.label)}: evidence changed since it was reviewed on "
                f"{recorded.get('reviewed', '?')}: {', '.join(changes)}",
            )
