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

from ..color import ColorChoice

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

ColorOption = Annotated[
    ColorChoice | None,
    typer.Option(
        "--color",
        help="Colour the output: auto (only on a terminal), always or never. "
        "NO_COLOR and FORCE_COLOR are honoured under auto.",
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


# Shell completion callbacks (Typer's `autocompletion=`): they find the workspace the
# way the command would (`--root` after or before the command, else walking up) and
# never raise; `personakit.completion` does the reading.


def _completion_root(ctx: typer.Context) -> Path | None:
    from ..completion import find_root

    given = None
    context: typer.Context | None = ctx
    while context is not None and given is None:
        given = (context.params or {}).get("root")
        context = context.parent  # type: ignore[assignment]  # a click.Context is fine here
    return find_root(given)


def complete_persona(ctx: typer.Context, incomplete: str) -> list[str]:
    """Persona ids of the workspace that start with what was typed."""
    from ..completion import matching, persona_ids, safely

    def produce() -> list[str]:
        root = _completion_root(ctx)
        return matching(persona_ids(root), incomplete) if root else []

    return safely(produce)


def complete_citation(ctx: typer.Context, incomplete: str) -> list[str]:
    """`NOTE#ANCHOR` or `PERSONA#CLAIM`, one `#`-separated part at a time."""
    from ..completion import citations, matching, safely

    def produce() -> list[str]:
        root = _completion_root(ctx)
        return matching(citations(root, incomplete), incomplete) if root else []

    return safely(produce)


def complete_rule(incomplete: str) -> list[tuple[str, str]]:
    """Rule codes (with their names as help) that start with what was typed."""
    from ..completion import rule_codes

    try:
        lowered = incomplete.lower()
        return [(code, text) for code, text in rule_codes() if code.lower().startswith(lowered)]
    except Exception:  # completion never fails in the user's shell
        return []


def complete_rules(incomplete: str) -> list[tuple[str, str]]:
    """Like `complete_rule`, for a comma-separated list: completes the last code."""
    done, comma, last = incomplete.rpartition(",")
    prefix = done + comma
    return [(prefix + code, text) for code, text in complete_rule(last)]
