"""`personakit new job PERSONA`: a job story added to a persona, in place."""

from __future__ import annotations

from typing import Annotated

import typer

from ..asking import Asker
from ..options import NoInputOption, RootOption, complete_persona, workspace_root
from .support import base_root, done


def job(
    ctx: typer.Context,
    persona_id: Annotated[
        str,
        typer.Argument(
            metavar="PERSONA", help="The persona's id.", autocompletion=complete_persona
        ),
    ],
    when: Annotated[
        str | None, typer.Option(metavar="SITUATION", help="When [situation], ...")
    ] = None,
    want: Annotated[
        str | None,
        typer.Option(
            metavar="MOTIVATION",
            help="I want [motivation], ...: 'to merge the invoices' or 'one list'.",
        ),
    ] = None,
    so: Annotated[str | None, typer.Option(metavar="OUTCOME", help="so I can [outcome].")] = None,
    job_id: Annotated[
        str | None, typer.Option("--id", help="The job's id (default: from --want).")
    ] = None,
    no_input: NoInputOption = False,
    root: RootOption = None,
) -> int:
    """Add a job story to a persona, keeping the rest of its file byte for byte."""
    from ...phrasing import job_sentence
    from ...scaffold import add_job
    from ...scaffold.jobs import persona_file

    base = base_root(workspace_root(ctx, root))
    persona_file(base, persona_id)  # refused before anything is asked
    ask = Asker(no_input)
    when = ask.text(when, "--when", "When ... (the situation)")
    want = ask.text(want, "--want", "I want ... (the motivation)")
    so = ask.text(so, "--so", "so I can ... (the outcome)")
    path = add_job(base, persona_id, when or "", want or "", so or "", job_id)
    return done(
        base,
        path,
        "Added a job story to",
        "cite its evidence (`quotes: [NOTE#ANCHOR]` "
        "or a count); until then lint reports it as PK101 unsupported-claim.",
        job_sentence(when or "", want or "", so or ""),
    )
