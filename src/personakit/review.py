"""Evidence review: `personakit review` records what each claim's evidence was when a
person last checked the claim against it, in `personakit.lock`; PK110 compares.

The lock is machine-written JSON, sorted and one entry per line group, so that it
diffs and merges cleanly: for each claim (`PERSONA#ID`), the date of the review, a
short hash of each cited quote (its text and its note's facts) or source row, and
(since lock version 2) what was hashed, as `reviewed_evidence`, so that PK110 can show
what changed (old -> new words). Version 1 locks, with hashes only, are still read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import DateError, parse_date
from .errors import WorkspaceError
from .model.documents import LOCK_NAME
from .suggest import hint

if TYPE_CHECKING:
    from .evidence import Citation, Evidence
    from .session import Session
    from .workspace import ClaimEntry

LOCK_VERSION = 2
READ_VERSIONS = (1, 2)  # version 1: hashes only, no reviewed_evidence


def citation_hash(cite: Citation) -> str | None:
    """A hash of what a citation points at, or None when it points at nothing."""
    if cite.quote is not None:
        note = cite.quote.note
        parts = [
            "quote",
            note.id,
            cite.quote.anchor,
            cite.quote.text,
            note.participant,
            note.kind,
            note.date.isoformat(),
            note.meta.role or "",
        ]
    elif cite.row is not None:
        row = cite.row
        parts = [
            "row",
            row.source,
            row.id,
            row.text,
            row.date.isoformat() if row.date else "",
            row.role or "",
            ",".join(sorted(row.tags)),
        ]
    else:
        return None
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def citation_facts(cite: Citation) -> dict[str, str] | None:
    """What the hash of a citation covers, by name (text, date, ...), or None when it
    points at nothing: kept in the lock so that a change can be shown, not only noticed."""
    if cite.quote is not None:
        note = cite.quote.note
        return {
            "text": cite.quote.text,
            "participant": note.participant,
            "kind": note.kind,
            "date": note.date.isoformat(),
            "role": note.meta.role or "",
        }
    if cite.row is not None:
        row = cite.row
        return {
            "text": row.text,
            "date": row.date.isoformat() if row.date else "",
            "role": row.role or "",
            "tags": ",".join(sorted(row.tags)),
        }
    return None


def claim_record(evidence: Evidence, entry: ClaimEntry, date: str) -> dict[str, Any]:
    """What the lock records for one claim reviewed on `date`: the hash of each cited
    piece of evidence and what was hashed."""
    facts = {}
    for cite in evidence.for_claim(entry).citations:
        found = citation_facts(cite)
        if found is not None:
            facts[cite.ref.ref] = found
    return {
        "reviewed": date,
        "evidence": claim_evidence(evidence, entry),
        "reviewed_evidence": facts,
    }


def claim_evidence(evidence: Evidence, entry: ClaimEntry) -> dict[str, str]:
    """The hash of each resolved citation of a claim, by citation."""
    out = {}
    for cite in evidence.for_claim(entry).citations:
        digest = citation_hash(cite)
        if digest is not None:
            out[cite.ref.ref] = digest
    return out


def read_lock(text: str) -> dict[str, Any]:
    """The reviewed claims recorded in `personakit.lock`'s text.

    The lock is machine-written, so anything but the shape `review` writes (a merge
    conflict, a truncated or hand-edited file, values of the wrong type) is refused
    with one line naming the file, rather than half-read.
    """
    again = "run `personakit review` to write it again"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkspaceError(
            f"not valid JSON ({exc.msg}); {again}", LOCK_NAME, exc.lineno
        ) from None
    except RecursionError:
        raise WorkspaceError(
            f"nested too deeply to be a lock file; {again}", LOCK_NAME, 1
        ) from None
    except ValueError:  # a number of thousands of digits, which json refuses to convert
        raise WorkspaceError(f"not a personakit lock file; {again}", LOCK_NAME, 1) from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), dict):
        raise WorkspaceError(f"not a personakit lock file (no `claims`); {again}", LOCK_NAME, 1)
    version = data.get("version", LOCK_VERSION)
    if version not in READ_VERSIONS or isinstance(version, bool):
        raise WorkspaceError(
            f"version {_shown(version)} is not one this personakit reads ({_versions()}); {again}",
            LOCK_NAME,
            _line_of(text, "version"),
        )
    claims: dict[str, Any] = data["claims"]
    for key, entry in claims.items():
        problem = _entry_problem(entry)
        if problem is not None:
            raise WorkspaceError(
                f"claim {_shown(key)}: {problem}; {again}", LOCK_NAME, _line_of(text, key)
            )
    return claims


def _entry_problem(entry: Any) -> str | None:
    """Why one claim's record is not what `review` writes (None when it is)."""
    if not isinstance(entry, dict):
        return "expected {reviewed, evidence, reviewed_evidence}"
    extra = set(entry) - {"reviewed", "evidence", "reviewed_evidence"}
    if extra:
        return f"unknown field {_shown(sorted(extra)[0])}"
    reviewed = entry.get("reviewed")
    if not isinstance(reviewed, str):
        return "`reviewed` must be a date (YYYY-MM-DD)"
    try:
        parse_date(reviewed)
    except DateError as exc:
        return f"`reviewed`: {exc}"
    evidence = entry.get("evidence")
    if not isinstance(evidence, dict) or not all(
        isinstance(digest, str) for digest in evidence.values()
    ):
        return "`evidence` must map each citation to a hash"
    facts = entry.get("reviewed_evidence", {})
    if not isinstance(facts, dict) or not all(
        isinstance(item, dict) and all(isinstance(v, str) for v in item.values())
        for item in facts.values()
    ):
        return "`reviewed_evidence` must map each citation to its reviewed text and facts"
    return None


def _line_of(text: str, key: str) -> int:
    """The line where `key` first stands as a JSON string in `text` (1 if nowhere)."""
    at = text.find(json.dumps(key))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _shown(value: Any) -> str:
    if isinstance(value, str):
        shown = json.dumps(value)
    elif isinstance(value, bool | int | float) or value is None:
        shown = json.dumps(value)  # bounded above: json refused longer numbers
    else:
        shown = type(value).__name__
    return shown if len(shown) <= 60 else f"{shown[:40]}…{shown[-10:]}"


def refuse_partial(session: Session) -> None:
    """WorkspaceError naming the first persona or note that could not be read: a review
    would record hashes of stand-in values, later shown as changed evidence (PK110)."""
    ws = session.workspace
    if not (ws.unread.get("persona") or ws.unread.get("note")):
        return
    first = min(
        (p for _code, p in ws.problems if p.path.startswith(("personas/", "interviews/"))),
        key=lambda p: (p.path, p.line),
    )
    raise WorkspaceError(
        f"cannot record a review while this file cannot be read: {first.message} "
        "(see `personakit lint`)",
        first.path,
        first.line,
    )


def review(
    session: Session, persona: str | None = None, today: dt.date | None = None
) -> tuple[int, list[str]]:
    """Record the evidence of every claim (of one persona, or all); return how many
    claims were recorded, and the citations that point at nothing (not recorded)."""
    refuse_partial(session)
    ws = session.workspace
    entries = [e for pid in _personas(session, persona) for e in ws.personas[pid].claims]
    unresolved = [
        f"{entry.key}: {c.ref.ref}"
        for entry in entries
        for c in session.evidence.for_claim(entry).citations
        if not c.resolved
    ]
    return _record(session, [e.key for e in entries], persona, today), unresolved


@dataclass(frozen=True)
class Change:
    """One citation of a claim as it stands against the last review."""

    ref: str
    what: str  # "cited" (never reviewed), "new", "changed", "no longer cited", "points at nothing"
    text: str | None = None  # what it cites now
    who: str | None = None  # the participant's code, or the source row's voice


@dataclass(frozen=True)
class Pending:
    """A claim to review: never reviewed, or its evidence changed since it was."""

    key: str
    text: str
    reviewed: str | None
    changes: tuple[Change, ...]


def _claim_text(entry: ClaimEntry) -> str:
    from .model import Job
    from .phrasing import job_sentence

    claim = entry.claim
    if isinstance(claim, Job):
        return job_sentence(claim.when, claim.want, claim.so)
    return str(getattr(claim, "text", "") or entry.key)


def _personas(session: Session, persona: str | None) -> list[str]:
    ws = session.workspace
    if persona is not None and persona not in ws.personas:
        raise WorkspaceError(f"no persona {persona!r}{hint(persona, ws.personas)}")
    return [persona] if persona else list(ws.personas)


def pending(session: Session, persona: str | None = None) -> list[Pending]:
    """The claims (of one persona, or all) whose evidence is not as last reviewed, in
    file order, each with what changed: what `review` asks about on a terminal."""
    refuse_partial(session)
    ws = session.workspace
    found = []
    for pid in _personas(session, persona):
        for entry in ws.personas[pid].claims:
            citations = session.evidence.for_claim(entry).citations
            now = claim_evidence(session.evidence, entry)
            before = session.lock.get(entry.key)
            old: dict[str, str] = before["evidence"] if before else {}
            changes = []
            for cite in citations:
                ref = cite.ref.ref
                if not cite.resolved:
                    changes.append(Change(ref, "points at nothing"))
                    continue
                if before is None:
                    what = "cited"
                elif ref not in old:
                    what = "new"
                elif old[ref] != now.get(ref):
                    what = "changed"
                else:
                    continue
                if cite.quote is not None:
                    changes.append(Change(ref, what, cite.quote.text, cite.quote.note.participant))
                elif cite.row is not None:
                    changes.append(Change(ref, what, cite.row.text, cite.row.voice))
            changes += [Change(ref, "no longer cited") for ref in sorted(set(old) - set(now))]
            if before is None or any(c.what != "points at nothing" for c in changes):
                reviewed = before["reviewed"] if before else None
                found.append(Pending(entry.key, _claim_text(entry), reviewed, tuple(changes)))
    return found


def record(
    session: Session,
    accepted: list[Pending],
    persona: str | None = None,
    today: dt.date | None = None,
) -> int:
    """Record `accepted` claims' evidence as reviewed today, leaving every other claim's
    record as it was (claims that no longer exist drop out); return how many."""
    return _record(session, [item.key for item in accepted], persona, today)


def _record(session: Session, keys: list[str], persona: str | None, today: dt.date | None) -> int:
    refuse_partial(session)
    ws = session.workspace
    date = (today or dt.date.today()).isoformat()
    claims = dict(session.lock)
    entries = {e.key: e for pid in _personas(session, persona) for e in ws.personas[pid].claims}
    for pid in _personas(session, persona):  # claims that no longer exist drop out
        for key in [k for k in claims if k.split("#", 1)[0] == pid and k not in entries]:
            del claims[key]
    for key in keys:
        # The reviewed text as well as its hashes, so that PK110 can show what changed.
        claims[key] = claim_record(session.evidence, entries[key], date)
    write_lock(ws.root, claims)
    return len(keys)


def write_lock(root: Path, claims: dict[str, Any]) -> None:
    """Write `personakit.lock` in `root`: never through a link, never over a read-only lock."""
    import os

    from .fs import replace_file, write_new

    text = json.dumps({"version": LOCK_VERSION, "claims": claims}, indent=2, sort_keys=True) + "\n"
    path = root / LOCK_NAME
    if os.path.lexists(path):
        replace_file(path, text, root=root, shown_as=LOCK_NAME)
    else:
        write_new(path, text, LOCK_NAME, root=root)


def _versions() -> str:
    return " or ".join(str(v) for v in READ_VERSIONS)
