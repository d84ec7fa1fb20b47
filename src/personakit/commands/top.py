"""`personakit top TABLE.COLUMN`: values ranked by how many distinct people have them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ..data.output import show_top, working
from .data_support import open_service
from .options import AsOfOption, RootOption, TableFormat, complete_persona, workspace_root


def top(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TABLE.COLUMN", help="e.g. requests.feature")],
    among: Annotated[
        str | None,
        typer.Option(
            "--among",
            metavar="PERSONA",
            help="Only the members of this persona's segment.",
            autocompletion=complete_persona,
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="CONDITION",
            help="TABLE.COLUMN=VALUE (or !=, <=, >=, within ...), "
            "e.g. accounts.tier=enterprise; repeat.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, metavar="N", help="How many values.")
    ] = 10,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    root: RootOption = None,
) -> int:
    """Values of a column ranked by how many distinct people have them."""
    from ..data.service import parse_where

    conditions = [parse_where(w) for w in where or []]
    day = as_of or dt.date.today()
    service = open_service(workspace_root(ctx, root))
    try:
        with working(f"Ranking {target}"):
            ranked = service.top(target, among, conditions, limit, day)
            of = service.population(among, conditions, day)
    finally:
        service.close()
    fmt = output_format.value
    people_table = service.data.people_table
    show_top(
        target, among, ranked, of, day, fmt, people_table=people_table, filtered=bool(conditions)
    )
    from ..data import plans

    params = {"target": target, "among": among, "as_of": day.isoformat(), "format": fmt}
    plans.record(
        service, "top", {**params, "people_table": people_table, "filtered": bool(conditions)}
    )
    return 0
