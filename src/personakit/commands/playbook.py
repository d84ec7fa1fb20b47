"""`personakit playbook PERSONA`: each step's states over the segment, and who is at risk."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from ..data.output import show_playbook, working
from .data_support import open_service
from .options import AsOfOption, RootOption, TableFormat, complete_persona, workspace_root
from .segment import Dialect


def playbook(
    ctx: typer.Context,
    persona: Annotated[
        str,
        typer.Argument(
            metavar="PERSONA",
            help="The persona whose playbook to check.",
            autocompletion=complete_persona,
        ),
    ],
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    at_risk: Annotated[
        bool,
        typer.Option("--at-risk", help="List the members at risk (keys only: personal data)."),
    ] = False,
    step: Annotated[
        str | None,
        typer.Option(
            "--step", metavar="ID", help="With --at-risk: only those at risk on this step."
        ),
    ] = None,
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL instead of running it.")
    ] = False,
    dialect: Annotated[
        Dialect,
        typer.Option("--dialect", help="duckdb, postgres, spark, trino, bigquery or snowflake."),
    ] = Dialect.duckdb,
    root: RootOption = None,
) -> int:
    """A persona's playbook over user data: each step's states, and who is at risk."""
    from ..data import playbooks
    from ..errors import WorkspaceError

    if step is not None and not at_risk:
        raise WorkspaceError("--step goes with --at-risk")
    day = as_of or dt.date.today()
    service = open_service(workspace_root(ctx, root))
    try:
        if sql:
            sys.stdout.write(playbooks.sql(service, persona, dialect.value, day))
            return 0
        with working(f"Checking {persona}'s playbook"):
            found = playbooks.answer(service, persona, day, at_risk_on=step, listed=at_risk)
    finally:
        service.close()
    fmt = output_format.value
    show_playbook(persona, day, found.summary, found.at_risk, found.snapshot, fmt, at_risk=at_risk)
    if found.snapshot is None:
        from ..data import plans

        params = {"persona": persona, "as_of": day.isoformat(), "format": fmt}
        plans.record(
            service,
            "playbook",
            {**params, "at_risk": at_risk, "step_ids": found.step_ids, "wanted": found.wanted},
            extra=playbooks.snapshot_inputs(service, persona),
        )
    return 0
