"""How the answers of the data commands (`segment`, `top`, `playbook`, `snapshot`) are
printed: a spinner while a query runs, rows as a table, CSV or JSON, and what each
command prints. Standard library only (Rich when a table is printed): a full run and a
run from its kept plan (data/plans.py) print through the same functions."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import Any

from ..terminal import markup, plain
from .playbook_states import AtRisk, Summary


@contextlib.contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a query runs, on a terminal only (never in pipes or CI)."""
    if not sys.stderr.isatty():
        yield
        return
    from ..color import console

    with console(stderr=True).status(markup(message)):
        yield


def emit(rows: list[dict[str, Any]], columns: list[str], output_format: str, title: str) -> None:
    """`rows` as JSON, CSV or a Rich table titled `title`."""
    if output_format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, default=str, ensure_ascii=False) + "\n")
    elif output_format == "csv":
        if _terminal():
            # Exact values are for files and pipes; on a terminal, a control character
            # in the data would be obeyed, so it is shown as `\xNN` as in a table.
            rows = [{c: _shown(v) for c, v in row.items()} for row in rows]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.table import Table
        from rich.text import Text

        from ..color import console

        # Values come from user data and names from the workspace: shown literally,
        # never read as Rich markup, never raw control bytes (csv and json keep them exact).
        table = Table(title=Text(plain(title)), title_justify="left")
        for column in columns:
            table.add_column(column, justify="right" if column in ("people", "rank") else "left")
        for row in rows:
            table.add_row(*[Text(plain(str(row[c]))) for c in columns])
        console().print(table)


def _terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except ValueError:  # closed
        return False


def _shown(value: Any) -> Any:
    return plain(value) if isinstance(value, str) else value


# -- what each data command prints --------------------------------------------------
# Shared by the command and by its kept plan (data/plans.py), so that an answer from
# the plan is printed by the very code that prints a full run's.


def show_segment(
    persona: str, as_of: dt.date, members: list[str], table: str, of: int, output_format: str
) -> None:
    """`segment`'s members: a count and the first twenty, JSON, or CSV of keys."""
    if output_format == "table":
        print(
            f"{len(members)} of {of} {plain(table)} in {plain(persona)}'s segment, "
            f"as of {as_of.isoformat()}"
        )
        for key in members[:20]:
            print(f"  {plain(key)}")
        if len(members) > 20:
            print(f"  ... and {len(members) - 20} more (--format csv for all)")
    elif output_format == "json":
        payload = {
            "persona": persona,
            "as_of": as_of.isoformat(),
            "size": len(members),
            "of": of,
            "table": table,
            "members": members,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        emit([{"key": k} for k in members], ["key"], "csv", "")


def show_top(
    target: str,
    among: str | None,
    ranked: list[tuple[Any, int]],
    of: int,
    day: dt.date,
    output_format: str,
    *,
    people_table: str,
    filtered: bool,
) -> None:
    """`top`'s ranking: each value with how many people have it, out of `of`."""
    # The denominator travels with every count: "31 of 212" means something, "31" alone not.
    rows = [
        {"rank": i, "value": v, "people": n, "of": of} for i, (v, n) in enumerate(ranked, start=1)
    ]
    if output_format != "table":
        emit(rows, ["rank", "value", "people", "of"], output_format, "")
        return
    scope = f" among {among}" if among else ""
    emit(
        [{**row, "people": f"{row['people']} of {of}"} for row in rows],
        ["rank", "value", "people"],
        "table",
        f"{target} by distinct people{scope}",
    )
    whom = f"members of {among}'s segment" if among else f"people in {people_table}"
    matching = " matching --where" if filtered else ""
    print(plain(f"Out of {of} {whom}{matching}, as of {day.isoformat()}."))


def show_playbook(
    persona: str,
    day: dt.date,
    summary: Summary,
    risky: list[AtRisk],
    snapshot: str | None,
    output_format: str,
    *,
    at_risk: bool,
) -> None:
    """`playbook`'s step counts (or, with `at_risk`, the members at risk)."""
    fmt = output_format
    if fmt == "json":
        payload = summary.as_dict()
        if at_risk:
            payload["at_risk"] = [member.as_dict() for member in risky]
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
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
        if snapshot:
            print(plain(f"From the snapshot {snapshot}."))
