"""`personakit new decision TITLE`: a decision, decisions/DATE-TITLE.md."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

from ..asking import Asker
from ..options import (
    NoInputOption,
    RootOption,
    complete_citation,
    complete_persona,
    date_option,
    workspace_root,
)
from .support import base_root, done, known_values


class DecisionStatus(StrEnum):
    """`--status`: the values of `model.DecisionStatus` (pinned by a test)."""

    proposed = "proposed"
    accepted = "accepted"
    superseded = "superseded"
    rejected = "rejected"


def decision(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What was decided, as a title.")],
    date: Annotated[dt.date | None, date_option("--date", "YYYY-MM-DD (default: today).")] = None,
    status: Annotated[
        DecisionStatus | None, typer.Option(help="proposed (default), accepted, ...")
    ] = None,
    persona: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PERSONA", help="A persona it serves; repeat.", autocompletion=complete_persona
        ),
    ] = None,
    rests_on: Annotated[
        list[str] | None,
        typer.Option(
            metavar="REF",
            help="PERSONA#CLAIM or NOTE#ANCHOR; repeat.",
            autocompletion=complete_citation,
        ),
    ] = None,
    link: Annotated[
        str | None, typer.Option(metavar="URL", help="Link to the ticket or document.")
    ] = None,
    no_input: NoInputOption = False,
    root: RootOption = None,
) -> int:
    """A decision: decisions/DATE-TITLE.md."""
    from ...scaffold import new_decision

    base = base_root(workspace_root(ctx, root))
    ask = Asker(no_input)
    known = known_values(base, ask)
    chosen_status = ask.choice(
        status.value if status else None,
        "--status",
        "Status",
        [s.value for s in DecisionStatus],
        "proposed",
    )
    persona_list = ask.values(
        persona, "--persona", "Personas it serves", known=known.get("personas", ())
    )
    rest_list = ask.values(
        rests_on, "--rests-on", "Claims or quotes it rests on", known=known.get("claims", ())
    )
    when = date or dt.date.today()
    path = new_decision(base, title, when, chosen_status, persona_list, rest_list, link)
    return done(base, path, "Wrote", "explain the decision in prose and run `personakit lint`.")
