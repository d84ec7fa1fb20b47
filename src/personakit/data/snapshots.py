"""Segment snapshots under `segments/PERSONA/DATE.csv` (member keys, one per line) and
`DATE.json` (size and tracked metrics), so history is reproducible and diffable.

`segments/` comes with a cloned workspace, so it is read as untrusted input: its
folders and files must be plain (a symbolic link is refused, never followed, so
`--moves` cannot read `/etc/passwd` and `snapshot` cannot write outside), and a file
that is not a snapshot of the expected shape is a one-line error naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import DateError, parse_date
from ..errors import WorkspaceError

FOLDER = "segments"
# A snapshot lists member keys; no real segment comes near this, a runaway file does.
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Snapshot:
    """One recorded snapshot of a segment: its members, size and metric means on a date."""

    persona: str
    as_of: dt.date
    members: frozenset[str]
    size: int
    metrics: dict[str, float | None]


def folder(root: Path, persona: str) -> Path:
    """`segments/PERSONA`, refused when any part of it is a symbolic link or not a folder."""
    if persona in ("", ".", "..") or "/" in persona or "\\" in persona:
        raise WorkspaceError(f"persona id {persona!r} cannot name a snapshot folder")
    base = root / FOLDER / persona
    for part in (root / FOLDER, base):
        shown = part.relative_to(root).as_posix()
        if part.is_symlink():
            raise WorkspaceError(
                "is a symbolic link; snapshots are read and written only inside the "
                "workspace, never through links",
                shown,
            )
        if part.exists() and not part.is_dir():
            raise WorkspaceError("is not a folder", shown)
    return base


def write_snapshot(
    root: Path, persona: str, as_of: dt.date, members: list[str], metrics: dict[str, float | None]
) -> Path:
    """Write `segments/PERSONA/DATE.csv` and `.json` atomically; returns the CSV's path."""
    from ..fs import write_atomic

    base = folder(root, persona)
    base.mkdir(parents=True, exist_ok=True)
    folder(root, persona)  # made just now: still no link in the way
    keys = "key\n" + "".join(f"{k}\n" for k in sorted(members))
    summary = (
        json.dumps(
            {
                "as_of": as_of.isoformat(),
                "size": len(members),
                "metrics": {
                    k: (round(v, 4) if v is not None else None) for k, v in metrics.items()
                },
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    for path, text in (
        (base / f"{as_of.isoformat()}.csv", keys),
        (base / f"{as_of.isoformat()}.json", summary),
    ):
        write_atomic(path, text, root=root)
    return base / f"{as_of.isoformat()}.csv"


def read_snapshots(root: Path, persona: str) -> list[Snapshot]:
    """Every snapshot of a persona's segment, oldest first."""
    out = []
    for path, shown, as_of in dated_files(root, folder(root, persona), (".csv", ".json")):
        if path.suffix == ".json":
            continue  # read with its .csv
        members = _members(read_text(path, shown), shown)
        meta_path = path.with_suffix(".json")
        metrics: dict[str, float | None] = {}
        if meta_path.exists() or meta_path.is_symlink():
            meta_shown = meta_path.relative_to(root).as_posix()
            metrics = _metrics(read_text(meta_path, meta_shown), as_of, len(members), meta_shown)
        out.append(Snapshot(persona, as_of, members, len(members), metrics))
    return out


def dated_files(
    root: Path, base: Path, suffixes: tuple[str, ...]
) -> list[tuple[Path, str, dt.date]]:
    """The snapshot files of a folder (path, path shown, day), oldest first; a name
    that is not a date is one line naming it."""
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.iterdir()):
        if path.suffix not in suffixes or path.name.startswith("."):
            continue
        shown = path.relative_to(root).as_posix()
        try:
            as_of = parse_date(path.stem)
        except DateError:
            raise WorkspaceError(
                f"{path.stem!r} is not a date: a snapshot is named YYYY-MM-DD{path.suffix}", shown
            ) from None
        out.append((path, shown, as_of))
    return out


def read_text(path: Path, shown: str) -> str:
    """The text of a snapshot file: a regular file, not a link, UTF-8."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise WorkspaceError(
                "is a symbolic link; personakit reads snapshots only as plain files", shown
            ) from None
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        # Before the descriptor becomes a file object: a folder would be refused there,
        # named by its descriptor's number.
        os.close(fd)
        raise WorkspaceError("is not a regular file", shown)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_BYTES:
            raise WorkspaceError(f"is larger than {MAX_BYTES // 2**20} MiB", shown)
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkspaceError("not UTF-8 text", shown) from None


def _members(text: str, shown: str) -> frozenset[str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "key":
        raise WorkspaceError("not a snapshot: the first line must be `key`", shown, 1)
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def _metrics(text: str, as_of: dt.date, size: int, shown: str) -> dict[str, float | None]:
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError):  # also digits beyond Python's limit, deep nesting
        raise WorkspaceError("not valid JSON", shown) from None
    if not isinstance(data, dict):
        raise WorkspaceError("not a snapshot: expected a JSON object", shown)
    if "as_of" in data and data["as_of"] != as_of.isoformat():
        raise WorkspaceError(
            f"as_of {str(data['as_of'])[:40]!r} does not match the file's date", shown
        )
    if "size" in data and (type(data["size"]) is not int or data["size"] != size):
        raise WorkspaceError(f"size does not match the {size} keys of the .csv file", shown)
    metrics = data.get("metrics", {})
    if not isinstance(metrics, dict):
        raise WorkspaceError("not a snapshot: `metrics` must map columns to numbers", shown)
    out: dict[str, float | None] = {}
    for name, value in metrics.items():
        if value is not None and not _finite(value):
            raise WorkspaceError(
                f"metrics.{str(name)[:40]}: expected a finite number or null", shown
            )
        out[str(name)] = float(value) if value is not None else None
    return out


def _finite(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer with hundreds of digits
        return False


@dataclass(frozen=True)
class Moves:
    """Who entered and who left a segment between two snapshots."""

    since: Snapshot
    until: Snapshot
    entered: list[str]
    left: list[str]


def moves(snapshots: list[Snapshot], since: dt.date | None = None) -> Moves | None:
    """Who entered and left: from the snapshot at or before `since` (default: the one
    before the latest) to the latest."""
    if len(snapshots) < 2:
        return None
    latest = snapshots[-1]
    if since is None:
        earlier = snapshots[-2]
    else:
        candidates = [s for s in snapshots[:-1] if s.as_of <= since]
        if not candidates:
            return None
        earlier = candidates[-1]
    return Moves(
        earlier,
        latest,
        sorted(latest.members - earlier.members),
        sorted(earlier.members - latest.members),
    )
