"""`personakit segment PERSONA`: a persona's segment over user data."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from ..data.output import emit, show_segment, working
from ..errors import WorkspaceError
from ..terminal import plain
from .data_support import open_service
from .options import (
    AsOfOption,
    RootOption,
    TableFormat,
    complete_persona,
    date_option,
    workspace_root,
)


class Dialect(StrEnum):
    """The SQL dialects `--sql` can print (`data.service.DIALECTS`, pinned by a test)."""

    duckdb = "duckdb"
    postgres = "postgres"
    spark = "spark"
    trino = "trino"
    bigquery = "bigquery"
    snowflake = "snowflake"


def segment(
    ctx: typer.Context,
    persona: Annotated[
        str,
        typer.Argument(
            metavar="PERSONA",
            help="The persona whose segment to list.",
            autocompletion=complete_persona,
        ),
    ],
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL instead of running it.")
    ] = False,
    dialect: Annotated[
        Dialect,
        typer.Option("--dialect", help="duckdb, postgres, spark, trino, bigquery or snowflake."),
    ] = Dialect.duckdb,
    moves: Annotated[
        bool, typer.Option("--moves", help="Who entered and left between snapshots.")
    ] = False,
    since: Annotated[
        dt.date | None,
        date_option("--since", "With --moves: from the snapshot at or before this date."),
    ] = None,
    root: RootOption = None,
) -> int:
    """A persona's segment over user data: its members now, and how many."""
    as_of = as_of or dt.date.today()
    service = open_service(workspace_root(ctx, root))
    try:
        if sql:
            sys.stdout.write(service.sql(persona, dialect.value, as_of))
            return 0
        if moves:
            return _moves(service, persona, since, output_format.value)
        with working(f"Finding the members of {persona}'s segment"):
            members = service.members(persona, as_of)
            table, of = service.universe(persona, as_of)
        show_segment(persona, as_of, members, table, of, output_format.value)
        from ..data import plans

        params = {"persona": persona, "as_of": as_of.isoformat(), "table": table}
        plans.record(service, "segment", {**params, "format": output_format.value})
        return 0
    finally:
        service.close()


def _moves(service: Any, persona: str, since: dt.date | None, output_format: str) -> int:
    """Who entered and who left the segment between two snapshots."""
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
        emit(rows, ["key", "move"], "csv", "")
        return 0
    print(
        f"{plain(persona)}: {found.since.size} members on {found.since.as_of}, "
        f"{found.until.size} on {found.until.as_of}: {len(found.entered)} entered, "
        f"{len(found.left)} left"
    )
    for row in rows[:40]:
        print(f"  {'+' if row['move'] == 'entered' else '-'} {plain(row['key'])}")
    return 0
