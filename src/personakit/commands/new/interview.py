"""`personakit new interview`: a note, interviews/DATE-PARTICIPANT.md."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..asking import Asker
from ..options import NoInputOption, RootOption, complete_persona, date_option, workspace_root
from .support import ask_date, base_root, done, known_values


class NoteKind(StrEnum):
    """`--kind`: the values of `model.NoteKind` (pinned by a test)."""

    interview = "interview"
    support_ticket = "support-ticket"
    churn_note = "churn-note"
    sales_call = "sales-call"
    survey = "survey"
    observation = "observation"


class Consent(StrEnum):
    """`--consent`: the values of `model.Consent` (pinned by a test)."""

    internal = "internal"
    public = "public"


def interview(
    ctx: typer.Context,
    participant: Annotated[
        str | None,
        typer.Option(metavar="CODE", help="A code or pseudonym (P07), never a real name."),
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="Usually a persona id.", autocompletion=complete_persona)
    ] = None,
    kind: Annotated[
        NoteKind | None, typer.Option(help="interview, support-ticket, churn-note, ...")
    ] = None,
    date: Annotated[dt.date | None, date_option("--date", "YYYY-MM-DD (default: today).")] = None,
    account: Annotated[str | None, typer.Option(help="The participant's account.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Note-level tag; repeat or comma-separate.")
    ] = None,
    consent: Annotated[Consent | None, typer.Option(help="internal (default) or public.")] = None,
    note_id: Annotated[
        str | None, typer.Option("--id", help="File stem and note id (default: DATE-PARTICIPANT).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="The note's heading.")] = None,
    no_input: NoInputOption = False,
    root: RootOption = None,
) -> int:
    """A note: interviews/DATE-PARTICIPANT.md with its front matter."""
    from ...scaffold import new_interview
    from ...scaffold.new import participant_warning
    from ...terminal import plain

    base = base_root(workspace_root(ctx, root))
    ask = Asker(no_input)
    known = known_values(base, ask)
    participant = ask.text(
        participant, "--participant", "Participant code or pseudonym (never a real name)"
    )
    role = ask.text(role, "--role", "Their role", known=known.get("roles", ()), required=False)
    chosen_kind = ask.choice(
        kind.value if kind else None,
        "--kind",
        "Kind of note",
        [k.value for k in NoteKind],
        "interview",
    )
    warning = participant_warning(base, participant or "")
    if warning:
        print(f"personakit: warning: {plain(warning)}", file=sys.stderr)
    when = ask_date(ask, date)
    tag_list = ask.values(tag, "--tag", "Note-level tags", known=known.get("tags", ()))
    path = new_interview(
        base,
        participant or "",
        when,
        chosen_kind,
        role,
        account,
        tag_list,
        (consent or Consent.internal).value,
        note_id,
        title,
    )
    return done(
        base,
        path,
        "Wrote",
        "write up the conversation, quote what was said verbatim as "
        f"`> ... ^q1`, and cite it as {path.stem}#q1.",
    )
