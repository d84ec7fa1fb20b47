"""`personakit init` and `personakit new ...`: creating and extending a workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from . import RootOption, _root, _run, app

NoInput = Annotated[
    bool, typer.Option("--no-input", help="Never prompt; a missing required value is an error.")
]

new_app = typer.Typer(
    help="Scaffold a persona, note, journey, decision or job story. Never overwrites.",
    no_args_is_help=True,
    rich_markup_mode=None,  # help texts hold `[situation]`: see cli/__init__.py
)
app.add_typer(new_app, name="new")


@app.command()
def init(
    # A string, not a Path: a name no file system takes (NUL, too long) is then refused
    # by the command in one line rather than by the option parser in a usage box.
    directory: Annotated[str, typer.Argument(help="Folder to create the workspace in.")] = ".",
    title: Annotated[str | None, typer.Option("--title", help="The workspace's title.")] = None,
) -> None:
    """Create a workspace: config, folders and one small example of each file."""
    from ..commands import init as command

    _run(lambda: command.run(directory, title))


@new_app.command("persona")
def new_persona(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. ops-admin")],
    name: Annotated[str | None, typer.Option(help="What the team calls the persona.")] = None,
    role: Annotated[str | None, typer.Option(help="Their role, in a sentence.")] = None,
    priority: Annotated[
        str | None, typer.Option(help="primary, secondary or not-targeted.")
    ] = None,
    buying_influence: Annotated[
        str | None, typer.Option(help="decision-maker, champion, ...")
    ] = None,
    context: Annotated[
        list[str] | None, typer.Option(help="How they arrive; repeat or comma-separate.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Who keeps the card current.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A persona card: personas/ID.yaml."""
    from ..commands import new as command

    _run(
        lambda: command.persona(
            _root(ctx, root),
            persona_id,
            name,
            role,
            priority,
            buying_influence,
            context,
            owner,
            no_input,
        )
    )


@new_app.command("interview")
def new_interview(
    ctx: typer.Context,
    participant: Annotated[
        str | None, typer.Option(help="A code or pseudonym, never a real name.")
    ] = None,
    role: Annotated[str | None, typer.Option(help="Usually a persona id.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="interview, support-ticket, churn-note, ...")
    ] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    account: Annotated[str | None, typer.Option(help="The participant's account.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Note-level tag; repeat or comma-separate.")
    ] = None,
    consent: Annotated[str | None, typer.Option(help="internal (default) or public.")] = None,
    note_id: Annotated[
        str | None, typer.Option("--id", help="File stem and note id (default: DATE-PARTICIPANT).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The note's heading.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A note: interviews/DATE-PARTICIPANT.md with its front matter."""
    from ..commands import new as command

    _run(
        lambda: command.interview(
            _root(ctx, root),
            participant,
            role,
            kind,
            date,
            account,
            tag,
            consent,
            note_id,
            title,
            no_input,
        )
    )


@new_app.command("journey")
def new_journey(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. onboarding")],
    title: Annotated[str | None, typer.Option(help="The journey's title.")] = None,
    step: Annotated[
        list[str] | None, typer.Option(help="A step title, or ID:TITLE; repeat in order.")
    ] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A journey: journeys/ID.yaml with its ordered steps."""
    from ..commands import new as command

    _run(lambda: command.journey(_root(ctx, root), journey_id, title, step, no_input))


@new_app.command("decision")
def new_decision(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What was decided, as a title.")],
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    status: Annotated[str | None, typer.Option(help="proposed (default), accepted, ...")] = None,
    persona: Annotated[list[str] | None, typer.Option(help="A persona it serves; repeat.")] = None,
    rests_on: Annotated[
        list[str] | None, typer.Option(help="PERSONA#CLAIM or NOTE#ANCHOR; repeat.")
    ] = None,
    link: Annotated[str | None, typer.Option(help="Link to the ticket or document.")] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """A decision: decisions/DATE-TITLE.md."""
    from ..commands import new as command

    _run(
        lambda: command.decision(
            _root(ctx, root), title, date, status, persona, rests_on, link, no_input
        )
    )


@new_app.command("job")
def new_job(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="PERSONA", help="The persona's id.")],
    when: Annotated[str | None, typer.Option(help="When [situation] ...")] = None,
    want: Annotated[str | None, typer.Option(help="I want [motivation] ...")] = None,
    so: Annotated[str | None, typer.Option(help="so I can [outcome].")] = None,
    job_id: Annotated[
        str | None, typer.Option("--id", help="The job's id (default: from --want).")
    ] = None,
    no_input: NoInput = False,
    root: RootOption = None,
) -> None:
    """Add a job story to a persona, keeping the rest of its file byte for byte."""
    from ..commands import new as command

    _run(lambda: command.job(_root(ctx, root), persona_id, when, want, so, job_id, no_input))
