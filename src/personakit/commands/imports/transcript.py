"""`personakit import transcript FILE...`: a call's transcript as a pseudonymised note."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..new.interview import Consent, NoteKind
from ..new.support import base_root
from ..options import RootOption, date_option, workspace_root
from . import NamesMapOption, split_values


class InputFormat(StrEnum):
    """`--format`: the values of `intake.transcripts.TranscriptFormat` (pinned by a test)."""

    vtt = "vtt"
    srt = "srt"
    txt = "txt"


def transcript(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="WebVTT, SRT or text transcripts.")
    ],
    speaker: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME=CODE", help='A speaker\'s code: "Jane Doe=P07"; repeat.'),
    ] = None,
    interviewer: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="A speaker of the team's side (coded I1, I2...)."),
    ] = None,
    names_map: NamesMapOption = None,
    note_id: Annotated[
        str | None, typer.Option("--id", help="Note id and file stem (default: DATE-CODE).")
    ] = None,
    kind: Annotated[NoteKind, typer.Option(help="interview, sales-call, ...")] = NoteKind.interview,
    date: Annotated[
        dt.date | None,
        date_option("--date", "YYYY-MM-DD (default: the file's own date, else its mtime)."),
    ] = None,
    role: Annotated[str | None, typer.Option(help="The participant's role (a persona id).")] = None,
    account: Annotated[str | None, typer.Option(help="The participant's account.")] = None,
    consent: Annotated[Consent, typer.Option(help="internal or public.")] = Consent.internal,
    tag: Annotated[
        list[str] | None, typer.Option(help="Note-level tag; repeat or comma-separate.")
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        typer.Option("--format", help="vtt, srt or txt (default: from content and extension)."),
    ] = None,
    root: RootOption = None,
) -> int:
    """A transcript (WebVTT, SRT, text) as a note, speakers replaced by codes."""
    from ...intake.importer import TranscriptOptions, import_transcripts
    from ...intake.transcripts import TranscriptFormat
    from ...terminal import plain

    base = base_root(workspace_root(ctx, root))
    options = TranscriptOptions(
        speakers=list(speaker or []),
        interviewers=list(interviewer or []),
        names_map=names_map,
        note_id=note_id,
        kind=kind.value,
        date=date,
        role=role,
        account=account,
        consent=consent.value,
        tags=split_values(tag),
        fmt=TranscriptFormat(input_format.value) if input_format else None,
    )
    for imported in import_transcripts(base, files, options):
        rel = imported.path.relative_to(base).as_posix()
        count = f"{imported.paragraphs} paragraph{'s' if imported.paragraphs != 1 else ''}"
        print(f"Wrote {rel} ({count}, participant {imported.participant})")
        for warning in imported.warnings:
            print(f"personakit: warning: {plain(warning)}", file=sys.stderr)
    if names_map is None:
        print("  Speakers' names were replaced by codes; no names map was kept (--names-map).")
    print(
        'Next: personakit quote NOTE "words they said" --tag TAG, then cite the quote in a claim.'
    )
    return 0
