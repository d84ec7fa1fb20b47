"""`personakit playbook PERSONA`: each step's states over the segment, and who is at risk."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer

from ..terminal import plain
from .data_support import emit, open_service, working
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
    summary, risky = found.summary, found.at_risk
    fmt = output_format.value
    if fmt == "json":
        payload = summary.as_dict()
        if at_risk:
            payload["at_risk"] = [member.as_dict() for member in risky]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return 0
    if at_risk:
        rows = [
            {"key": m.key, "steps": " ".join(m.steps), "days_overdue": m.days_overdue}
            for m in risky
        ]
        emit(rows, ["key", "steps", "days_overdue"], fmt, f"{persona}: members at risk")
    else:
        with_start = summary.members - summary.no_start
        rows = [{**s.as_dict(), "step": s.id, "members": with_start} for s in summary.steps]
        columns = ["step", "members", "done", "late", "scheduled", "open", "at_risk"]
        emit([{c: row[c] for c in columns} for row in rows], columns, fmt, f"{persona}'s playbook")
    if fmt == "table":
        print(
            plain(
                f"{summary.at_risk} of {summary.members} members at risk, as of {day.isoformat()}."
            )
        )
        if summary.no_start:
            print(plain(f"{summary.no_start} without a start date, left out of the steps."))
        if found.snapshot:
            print(plain(f"From the snapshot {found.snapshot}."))
    return 0
