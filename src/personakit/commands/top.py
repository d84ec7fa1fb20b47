"""`personakit top TABLE.COLUMN`: values ranked by how many distinct people have them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ..terminal import plain
from .data_support import emit, open_service, working
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
    # The denominator travels with every count: "31 of 212" means something, "31" alone not.
    rows = [
        {"rank": i, "value": v, "people": n, "of": of} for i, (v, n) in enumerate(ranked, start=1)
    ]
    if output_format is not TableFormat.table:
        emit(rows, ["rank", "value", "people", "of"], output_format.value, "")
        return 0
    scope = f" among {among}" if among else ""
    emit(
        [{**row, "people": f"{row['people']} of {of}"} for row in rows],
        ["rank", "value", "people"],
        "table",
        f"{target} by distinct people{scope}",
    )
    whom = f"members of {among}'s segment" if among else f"people in {service.data.people_table}"
    matching = " matching --where" if conditions else ""
    print(plain(f"Out of {of} {whom}{matching}, as of {day.isoformat()}."))
    return 0
