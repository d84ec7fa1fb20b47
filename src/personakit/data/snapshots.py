"""Segment snapshots under `segments/PERSONA/DATE.csv` (member keys, one per line) and
`DATE.json` (size and tracked metrics), so history is reproducible and diffable."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError


@dataclass(frozen=True)
class Snapshot:
    persona: str
    as_of: dt.date
    members: frozenset[str]
    size: int
    metrics: dict[str, float | None]


def folder(root: Path, persona: str) -> Path:
    return root / "segments" / persona


def write_snapshot(
    root: Path, persona: str, as_of: dt.date, members: list[str], metrics: dict[str, float | None]
) -> Path:
    from ..scaffold.files import replace_file, write_new

    base = folder(root, persona)
    base.mkdir(parents=True, exist_ok=True)
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
        if path.exists():
            replace_file(path, text)
        else:
            write_new(path, text)
    return base / f"{as_of.isoformat()}.csv"


def read_snapshots(root: Path, persona: str) -> list[Snapshot]:
    """Every snapshot of a persona's segment, oldest first."""
    base = folder(root, persona)
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.glob("*.csv")):
        try:
            as_of = dt.date.fromisoformat(path.stem)
        except ValueError:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        members = frozenset(line.strip() for line in lines[1:] if line.strip())
        meta_path = path.with_suffix(".json")
        metrics: dict[str, float | None] = {}
        if meta_path.exists():
            try:
                metrics = json.loads(meta_path.read_text(encoding="utf-8")).get("metrics", {})
            except json.JSONDecodeError:
                raise WorkspaceError(
                    "not valid JSON", meta_path.relative_to(root).as_posix()
                ) from None
        out.append(Snapshot(persona, as_of, members, len(members), metrics))
    return out


@dataclass(frozen=True)
class Moves:
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
