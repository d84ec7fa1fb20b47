"""`personakit import highlights FILE.csv`: a highlight export as notes, one per document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..new.interview import Consent, NoteKind
from ..new.support import base_root
from ..options import RootOption, date_option, workspace_root
from . import NamesMapOption


def highlights(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="The highlight export.")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=COLUMN",
            help="The column of text, tags, document, participant or date; repeat.",
        ),
    ] = None,
    kind: Annotated[NoteKind, typer.Option(help="interview, sales-call, ...")] = NoteKind.interview,
    role: Annotated[str | None, typer.Option(help="The participants' role (a persona id).")] = None,
    consent: Annotated[Consent, typer.Option(help="internal or public.")] = Consent.internal,
    date: Annotated[
        dt.date | None, date_option("--date", "For highlights without a date (default: today).")
    ] = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME=CODE", help='A participant\'s code: "Jane Doe=P07"; repeat.'),
    ] = None,
    names_map: NamesMapOption = None,
    root: RootOption = None,
) -> int:
    """Highlights from a research repository's CSV export, as quotes; new ones only."""
    from ...intake.highlight_notes import HighlightOptions, import_highlights

    base = base_root(workspace_root(ctx, root))
    options = HighlightOptions(
        maps=list(map_ or []),
        kind=kind.value,
        role=role,
        consent=consent.value,
        date=date,
        speakers=list(speaker or []),
        names_map=names_map,
    )
    notes = import_highlights(base, file, options)
    for note in notes:
        rel = note.path.relative_to(base).as_posix()
        count = f"{note.added} highlight{'s' if note.added != 1 else ''}"
        if note.created:
            print(f"Wrote {rel} ({count})")
        elif note.added:
            print(f"Added {count} to {rel}")
        else:
            print(f"{rel}: nothing new")
    print("Next: cite the quotes in claims (personakit gaps suggests where).")
    return 0
