"""`personakit new journey ID`: a journey, journeys/ID.yaml with its ordered steps."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import WorkspaceError
from ..asking import Asker
from ..options import NoInputOption, RootOption, workspace_root
from .support import base_root, done


def journey(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. onboarding")],
    title: Annotated[str | None, typer.Option(help="The journey's title.")] = None,
    step: Annotated[
        list[str] | None, typer.Option(help="A step title, or ID:TITLE; repeat in order.")
    ] = None,
    no_input: NoInputOption = False,
    root: RootOption = None,
) -> int:
    """A journey: journeys/ID.yaml with its ordered steps."""
    from ...scaffold import new_journey
    from ...scaffold.ids import check_file_id

    base = base_root(workspace_root(ctx, root))
    check_file_id(journey_id, "journey id")
    ask = Asker(no_input)
    title = ask.text(title, "--title", "Journey title (e.g. 'From sign-up to weekly use')")
    step_list = ask.values(step, "--step", "Step titles, in order")
    if not step_list:
        raise WorkspaceError("missing --step (a journey needs at least one step)")
    path = new_journey(base, journey_id, title or "", step_list)
    return done(
        base, path, "Wrote", f"map personas onto it under `journey:` as `{journey_id}/STEP`."
    )
