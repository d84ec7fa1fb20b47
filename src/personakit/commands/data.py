"""`personakit segment`, `personakit top` and `personakit snapshot`."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import WorkspaceError
from ..terminal import markup, plain


def _service(root: Path | None) -> Any:
    from ..session import Session

    # Segments need the personas, not the notes: a research repository with thousands
    # of notes answers a data question as fast as an empty one.
    return Session.load(root, evidence=False).data


@contextlib.contextmanager
def _working(message: str) -> Iterator[None]:
    """A spinner on stderr while a query runs, on a terminal only (never in pipes or CI)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(markup(message)):
        yield


def _emit(rows: list[dict[str, Any]], columns: list[str], output_format: str, title: str) -> None:
    if output_format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, default=str, ensure_ascii=False) + "\n")
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # Values come from user data and names from the workspace: shown literally,
        # never read as Rich markup, never raw control bytes (csv and json keep them exact).
        table = Table(title=Text(plain(title)), title_justify="left")
        for column in columns:
            table.add_column(column, justify="right" if column in ("people", "rank") else "left")
        for row in rows:
            table.add_row(*[Text(plain(str(row[c]))) for c in columns])
        Console().print(table)


def segment(
    root: Path | None,
    persona: str,
    as_of: dt.date,
    output_format: str,
    sql: bool,
    dialect: str,
    moves: bool,
    since: dt.date | None,
) -> int:
    service = _service(root)
    try:
        if sql:
            sys.stdout.write(service.sql(persona, dialect, as_of))
            return 0
        if moves:
            return _moves(service, persona, since, output_format)
        with _working(f"Finding the members of {persona}'s segment"):
            members = service.members(persona, as_of)
        if output_format == "table":
            print(f"{len(members)} members of {plain(persona)}'s segment as of {as_of.isoformat()}")
            for key in members[:20]:
                print(f"  {plain(key)}")
            if len(members) > 20:
                print(f"  ... and {len(members) - 20} more (--format csv for all)")
        elif output_format == "json":
            payload = {
                "persona": persona,
                "as_of": as_of.isoformat(),
                "size": len(members),
                "members": members,
            }
            sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        else:
            _emit([{"key": k} for k in members], ["key"], "csv", "")
        return 0
    finally:
        service.close()


def _moves(service: Any, persona: str, since: dt.date | None, output_format: str) -> int:
    from ..data.snapshots import moves, read_snapshots

    service.segment(persona)
    found = moves(read_snapshots(service.ws.root, persona), since)
    if found is None:
        raise WorkspaceError(
            f"no two snapshots of {persona}'s segment to compare (run `personakit snapshot`)"
            + (f" at or before {since.isoformat()}" if since else "")
        )
    if output_format == "json":
        payload = {
            "persona": persona,
            "since": found.since.as_of.isoformat(),
            "until": found.until.as_of.isoformat(),
            "entered": found.entered,
            "left": found.left,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return 0
    rows = [{"key": k, "move": "entered"} for k in found.entered] + [
        {"key": k, "move": "left"} for k in found.left
    ]
    if output_format == "csv":
        _emit(rows, ["key", "move"], "csv", "")
        return 0
    print(
        f"{plain(persona)}: {found.since.size} members on {found.since.as_of}, "
        f"{found.until.size} on {found.until.as_of}: {len(found.entered)} entered, "
        f"{len(found.left)} left"
    )
    for row in rows[:40]:
        print(f"  {'+' if row['move'] == 'entered' else '-'} {plain(row['key'])}")
    return 0


def top(
    root: Path | None,
    target: str,
    among: str | None,
    where: list[str],
    limit: int,
    as_of: dt.date,
    output_format: str,
) -> int:
    from ..data.service import parse_where

    conditions = [parse_where(w) for w in where]
    service = _service(root)
    try:
        with _working(f"Ranking {target}"):
            ranked = service.top(target, among, conditions, limit, as_of)
    finally:
        service.close()
    rows = [{"rank": i, "value": v, "people": n} for i, (v, n) in enumerate(ranked, start=1)]
    scope = f" among {among}" if among else ""
    _emit(rows, ["rank", "value", "people"], output_format, f"{target} by distinct people{scope}")
    return 0


def snapshot(root: Path | None, as_of: dt.date) -> int:
    from ..data.snapshots import write_snapshot

    service = _service(root)
    try:
        personas = [
            p for p, doc in sorted(service.ws.personas.items()) if doc.model.segment is not None
        ]
        if not personas:
            raise WorkspaceError("no persona has a segment to snapshot")
        for persona in personas:
            with _working(f"Snapshotting {persona}'s segment"):
                members = service.members(persona, as_of)
                _size, metrics = service.metrics(persona, as_of)
            path = write_snapshot(service.ws.root, persona, as_of, members, metrics)
            shown = plain(path.relative_to(service.ws.root).as_posix())
            print(f"Wrote {shown} ({len(members)} members)")
    finally:
        service.close()
    return 0
