"""`personakit new ...`: the one command group, one module per kind of file it scaffolds.

The group is declared here; `personakit.cli` registers `persona`, `interview`,
`journey`, `decision` and `job` (one command per module of this package) on it.
"""

from __future__ import annotations

import typer

SUBCOMMANDS = ("persona", "interview", "journey", "decision", "job")

group = typer.Typer(
    help="Scaffold a persona, note, journey, decision or job story. Never overwrites.",
    no_args_is_help=True,
    rich_markup_mode=None,  # help texts hold `[situation]`: see personakit.cli
)
