"""`personakit import ...`: the group that turns outside evidence into notes, one
module per kind of file it imports.

`personakit.cli` registers `transcript` and `highlights` (one command per module of
this package) on the group declared here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

SUBCOMMANDS = ("transcript", "highlights")

group = typer.Typer(
    help="Import transcripts or highlight exports as notes, speakers pseudonymised.",
    no_args_is_help=True,
    rich_markup_mode=None,  # see personakit.cli
)


def split_values(values: list[str] | None) -> list[str]:
    """Repeated options that may also be comma-separated (`--tag a,b --tag c`)."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


# The map both imports read and extend, so a participant keeps their code across files.
NamesMapOption = Annotated[
    Path | None,
    typer.Option(
        "--names-map",
        metavar="FILE",
        help="Read and write the names-to-codes map here (outside the workspace).",
    ),
]
