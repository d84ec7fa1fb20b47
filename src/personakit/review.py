"""Evidence review: `personakit review` records what each claim's evidence was when a
person last checked the claim against it, in `personakit.lock`; PK110 compares.

The lock is machine-written JSON, sorted and one entry per line group, so that it
diffs and merges cleanly: for each claim (`PERSONA#ID`), the date of the review and a
short hash of each cited quote (its text and its note's facts) or source row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import DateError, parse_date
from .errors import WorkspaceError
from .model.documents import LOCK_NAME

if TYPE_CHECKING:
    from .evidence import Citation, Evidence
    from .session import Session
    from .workspace import ClaimEntry

LOCK_VERSION = 1


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
    if version != LOCK_VERSION or isinstance(version, bool):
        raise WorkspaceError(
            f"version {_shown(version)} is not one this personakit reads ({LOCK_VERSION}); {again}",
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
        return "expected {reviewed, evidence}"
    extra = set(entry) - {"reviewed", "evidence"}
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


def review(
    session: Session, persona: str | None = None, today: dt.date | None = None
) -> tuple[int, list[str]]:
    """Record the evidence of every claim (of one persona, or all); return how many
    claims were recorded, and the citations that point at nothing (not recorded)."""
    ws = session.workspace
    if ws.unread.get("persona") or ws.unread.get("note"):
        # Hashes of what could not be read would later show as changed evidence (PK110).
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
    if persona is not None and persona not in ws.personas:
        raise WorkspaceError(f"no persona {persona!r}")
    date = (today or dt.date.today()).isoformat()
    claims = dict(session.lock)
    personas = [persona] if persona else list(ws.personas)
    for pid in personas:  # claims that no longer exist drop out of the lock
        for key in [k for k in claims if k.split("#", 1)[0] == pid]:
            del claims[key]
    unresolved = []
    count = 0
    for pid in personas:
        for entry in ws.personas[pid].claims:
            evidence = claim_evidence(session.evidence, entry)
            unresolved += [
                f"{entry.key}: {c.ref.ref}"
                for c in session.evidence.for_claim(entry).citations
                if not c.resolved
            ]
            claims[entry.key] = {"reviewed": date, "evidence": evidence}
            count += 1
    write_lock(ws.root, claims)
    return count, unresolved


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
