"""`personakit segment`, `top` and `snapshot`: personas over user data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from . import RootOption, _date, _root, _run, app

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate relative dates as of this day (default: today)."),
]


@app.command()
def segment(
    ctx: typer.Context,
    persona: Annotated[str, typer.Argument(metavar="PERSONA")],
    as_of: AsOf = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.")
    ] = "table",
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL instead of running it.")
    ] = False,
    dialect: Annotated[
        str,
        typer.Option("--dialect", help="duckdb, postgres, spark, trino, bigquery or snowflake."),
    ] = "duckdb",
    moves: Annotated[
        bool, typer.Option("--moves", help="Who entered and left between snapshots.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="With --moves: from the snapshot at or before this date."),
    ] = None,
    root: RootOption = None,
) -> None:
    """A persona's segment over user data: its members now, and how many."""
    from ..commands import data as command

    if output_format not in ("table", "csv", "json"):
        raise typer.BadParameter(
            f"{output_format!r} is not table, csv or json", param_hint="--format"
        )
    when = _date(as_of) or dt.date.today()
    _run(
        lambda: command.segment(
            _root(ctx, root), persona, when, output_format, sql, dialect, moves, _date(since)
        )
    )


@app.command()
def top(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TABLE.COLUMN", help="e.g. requests.feature")],
    among: Annotated[
        str | None, typer.Option("--among", help="Only the members of this persona's segment.")
    ] = None,
    where: Annotated[
        list[str] | None, typer.Option("--where", help="e.g. accounts.tier=enterprise; repeat.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many values.")] = 10,
    as_of: AsOf = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.")
    ] = "table",
    root: RootOption = None,
) -> None:
    """Values of a column ranked by how many distinct people have them."""
    from ..commands import data as command

    if output_format not in ("table", "csv", "json"):
        raise typer.BadParameter(
            f"{output_format!r} is not table, csv or json", param_hint="--format"
        )
    when = _date(as_of) or dt.date.today()
    _run(
        lambda: command.top(
            _root(ctx, root), target, among, where or [], limit, when, output_format
        )
    )


@app.command()
def snapshot(ctx: typer.Context, as_of: AsOf = None, root: RootOption = None) -> None:
    """Record each segment's members (keys only) and metrics under segments/."""
    from ..commands import data as command

    when = _date(as_of) or dt.date.today()
    _run(lambda: command.snapshot(_root(ctx, root), when))
