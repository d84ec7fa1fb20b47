"""`personakit new persona ID`: a persona card, personas/ID.yaml."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..asking import Asker, split_values
from ..options import NoInputOption, RootOption, workspace_root
from .support import base_root, done


class Priority(StrEnum):
    """`--priority`: the values of `model.Priority` (pinned by a test)."""

    primary = "primary"
    secondary = "secondary"
    not_targeted = "not-targeted"


class BuyingInfluence(StrEnum):
    """`--buying-influence`: the values of `model.BuyingInfluence` (pinned by a test)."""

    decision_maker = "decision-maker"
    champion = "champion"
    influencer = "influencer"
    end_user = "end-user"
    none = "none"


def persona(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ops-admin")],
    name: Annotated[str | None, typer.Option(help="What the team calls the persona.")] = None,
    role: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Their role, in a sentence.")
    ] = None,
    priority: Annotated[
        Priority | None, typer.Option(help="primary, secondary or not-targeted.")
    ] = None,
    buying_influence: Annotated[
        BuyingInfluence | None, typer.Option(help="decision-maker, champion, ...")
    ] = None,
    context: Annotated[
        list[str] | None, typer.Option(help="How they arrive; repeat or comma-separate.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Who keeps the card current.")] = None,
    no_input: NoInputOption = False,
    root: RootOption = None,
) -> int:
    """A persona card: personas/ID.yaml."""
    from ...scaffold import new_persona
    from ...scaffold.ids import check_file_id

    base = base_root(workspace_root(ctx, root))
    check_file_id(persona_id, "persona id")
    ask = Asker(no_input)
    name = ask.text(
        name, "--name", "What does the team call this persona? (e.g. 'Olivia, the ops admin')"
    )
    role = ask.text(role, "--role", "Their role, in a sentence")
    chosen_priority = ask.choice(
        priority.value if priority else None,
        "--priority",
        "Priority",
        [p.value for p in Priority],
        "secondary",
    )
    influence = buying_influence.value if buying_influence else None
    if influence is None and ask.interactive:
        choices = [b.value for b in BuyingInfluence]
        influence = ask.choice(None, "--buying-influence", "Buying influence", choices, "none")
    path = new_persona(
        base,
        persona_id,
        name or "",
        role or "",
        chosen_priority,
        influence,
        split_values(context),
        owner,
    )
    return done(
        base,
        path,
        "Wrote",
        f"add job stories with `personakit new job {persona_id}`, "
        "and give every claim a quote or a count.",
    )
