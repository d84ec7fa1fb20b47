"""Options several commands share: `--root`, `--as-of`, `--no-input`, and the choices
an option can take as Enums (Typer validates them and lists them in `--help`).

Nothing here imports more than Typer: every command module imports this module when
the command line is built, including for `personakit --version`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# A plain string, checked by `fs.check_name` when used: a NUL byte or an over-long name
# is then our one-line error rather than the option parser's.
RootOption = Annotated[
    str | None,
    typer.Option(
        "--root",
        metavar="DIR",
        help="Workspace folder (default: found by walking up from here).",
    ),
]

NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never prompt; a missing required value is an error.")
]


def parse_date_option(value: str) -> dt.date:
    """A `YYYY-MM-DD` option value through `dates.parse_date`; a bad one is a usage error."""
    from ..dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None


def date_option(flag: str, help_text: str) -> typer.models.OptionInfo:
    """A `--FLAG YYYY-MM-DD` option parsed by the one date parser (`dates.parse_date`)."""
    return typer.Option(flag, help=help_text, parser=parse_date_option, metavar="DATE")


AsOfOption = Annotated[
    dt.date | None,
    date_option("--as-of", "Evaluate relative dates as of this day (default: today)."),
]


def workspace_root(ctx: typer.Context, root: str | None) -> Path | None:
    """The `--root` given after the command, else before it, else None (walk up)."""
    from ..fs import check_name

    chosen = root or (ctx.obj or {}).get("root")
    return Path(check_name(chosen, "--root")) if chosen else None


class TableFormat(StrEnum):
    """How a data command prints rows."""

    table = "table"
    csv = "csv"
    json = "json"
