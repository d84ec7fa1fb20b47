"""Playbook snapshots under `segments/PERSONA/playbook/DATE.csv`: each member's key, start
and state per step on that date, written by `snapshot`, so that `playbook --as-of DATE`
and the rendered trend give the same answer later, whatever the data became.

Read as untrusted input like the segment snapshots (snapshots.py): no links, plain files,
a file of the wrong shape is a one-line error naming it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..dates import DateError, days_after, parse_date
from ..errors import WorkspaceError
from ..model.playbook import STATES
from .playbook_states import MemberState
from .snapshots import dated_files, folder, read_text

SUBFOLDER = "playbook"


@dataclass(frozen=True)
class PlaybookSnapshot:
    """One recorded day of a playbook: its step ids and every member's states."""

    as_of: dt.date
    step_ids: list[str]
    members: list[MemberState]


def playbook_folder(root: Path, persona: str) -> Path:
    """`segments/PERSONA/playbook`, refused when it (or a folder above it) is a link."""
    base = folder(root, persona) / SUBFOLDER
    shown = base.relative_to(root).as_posix()
    if base.is_symlink():
        raise WorkspaceError("is a symbolic link; snapshots are never read through links", shown)
    if base.exists() and not base.is_dir():
        raise WorkspaceError("is not a folder", shown)
    return base


def write_playbook_snapshot(
    root: Path, persona: str, as_of: dt.date, step_ids: list[str], members: list[MemberState]
) -> Path:
    """Write `segments/PERSONA/playbook/DATE.csv` atomically; returns its path."""
    from ..fs import write_atomic

    base = playbook_folder(root, persona)
    base.mkdir(parents=True, exist_ok=True)
    playbook_folder(root, persona)  # made just now: still no link in the way
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "start", *step_ids])
    for member in sorted(members, key=lambda m: m.key):
        start = member.start.isoformat() if member.start else ""
        writer.writerow([member.key, start, *(s or "" for s in member.states)])
    path = base / f"{as_of.isoformat()}.csv"
    write_atomic(path, out.getvalue(), root=root)
    return path


def read_playbook_snapshots(root: Path, persona: str) -> list[PlaybookSnapshot]:
    """Every playbook snapshot of a persona, oldest first (due dates are not recorded:
    None; `with_dues` adds them from the playbook)."""
    files = dated_files(root, playbook_folder(root, persona), (".csv",))
    return [_parse(read_text(path, shown), as_of, shown) for path, shown, as_of in files]


def _parse(text: str, as_of: dt.date, shown: str) -> PlaybookSnapshot:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:2] != ["key", "start"]:
        raise WorkspaceError(
            "not a playbook snapshot: the first line must be key,start,...", shown, 1
        )
    step_ids = rows[0][2:]
    members = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(step_ids) + 2:
            raise WorkspaceError(
                f"{len(row)} cells; the header has {len(step_ids) + 2}", shown, line
            )
        try:
            start = parse_date(row[1]) if row[1] else None
        except DateError:
            raise WorkspaceError(f"start {row[1][:40]!r} is not a date", shown, line) from None
        states = tuple(s or None for s in row[2:])
        bad = [s for s in states if s is not None and s not in STATES]
        empty = [s is None for s in states]
        # Every state empty without a start, none with one: a member is in every step.
        if bad or (any(empty) if start is not None else not all(empty)):
            raise WorkspaceError(
                f"states must be {', '.join(STATES)}, and empty exactly when start is", shown, line
            )
        if row[0] in seen:
            raise WorkspaceError(
                f"member {row[0][:40]!r} is already on line {seen[row[0]]}", shown, line
            )
        seen[row[0]] = line
        members.append(MemberState(row[0], start, states, (None,) * len(step_ids)))
    return PlaybookSnapshot(as_of, step_ids, members)


def with_dues(snapshot: PlaybookSnapshot, withins: list[int]) -> list[MemberState]:
    """The snapshot's members with each step's due date: start + `within` (the playbook's)."""
    return [
        MemberState(
            m.key,
            m.start,
            m.states,
            tuple(days_after(m.start, w) if m.start else None for w in withins),
        )
        for m in snapshot.members
    ]
