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
After `personakit review`, someone corrects the transcript of `p03#q1`.
Lint reports:
```text
personas/ops-admin.yaml:49:5: warning PK110 suspect-evidence: "Stops at the integration step for days ...": evidence changed since it was reviewed on 2026-11-24: p03#q1 changed: We connected the CRM on [-Monday-]{+Tuesday+} and then nobody touched …
```
The changed words are marked (`[-old-]{+new+}`, in colour on a terminal), and a
changed fact of the note says old -> new (`date 2026-10-02 -> 2026-10-09`). A lock
written before personakit kept the reviewed text (lock version 1) can only say that
the quote changed.
Fix: re-read the claim against the new quote, edit the claim if needed, then run
`personakit review ops-admin` to record the evidence as reviewed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..review import citation_facts, claim_evidence
from ..worddiff import render, word_diff
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
        reviewed: dict[str, dict[str, str]] = recorded.get("reviewed_evidence") or {}
        now = claim_evidence(session.evidence, entry)
        facts_now = {
            c.ref.ref: citation_facts(c) or {} for c in session.evidence.for_claim(entry).citations
        }
        changes = []
        details: dict[str, Any] = {"reviewed": recorded.get("reviewed"), "changed": {}}
        for ref in now:
            if ref in before and now[ref] != before[ref]:
                what = _changes(reviewed.get(ref), facts_now.get(ref, {}))
                details["changed"][ref] = what
                changes.append(f"{ref} changed" + _said(what))
        added = [ref for ref in now if ref not in before]
        removed = [ref for ref in before if ref not in now]
        changes += [f"{ref} added" for ref in added]
        changes += [f"{ref} removed" for ref in removed]
        if changes:
            details.update(added=added, removed=removed)
            last = list(details["changed"].values())[-1] if details["changed"] else {}
            if "text" in last and not added and not removed:
                # The message ends with this diff: the text reporter colours it.
                details["diff"] = last["text"]["diff"]
            line, col = entry.position
            yield Problem(
                entry.path,
                line,
                col,
                f"{short(entry.label)}: evidence changed since it was reviewed on "
                f"{recorded.get('reviewed', '?')}: {', '.join(changes)}",
                details=details,
            )


def _changes(old: dict[str, str] | None, new: dict[str, str]) -> dict[str, Any]:
    """What changed in one citation, from the reviewed facts (absent in old locks)."""
    if not old:
        return {}
    out: dict[str, Any] = {}
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            out[name] = {"old": old.get(name), "new": new.get(name)}
    text = out.get("text")
    if text is not None:
        text["diff"] = [list(op) for op in word_diff(text["old"] or "", text["new"] or "")]
    return out


def _said(what: dict[str, Any]) -> str:
    """A citation's changes for the message: facts as old -> new, then the text's diff,
    last (never shortened where it differs)."""
    facts = [
        f"{name} {what[name]['old'] or '(none)'} -> {what[name]['new'] or '(none)'}"
        for name in what
        if name != "text"
    ]
    if "text" in what:
        facts.append(render([(op, t) for op, t in what["text"]["diff"]]))
    return ": " + "; ".join(facts) if facts else ""
