"""`personakit gaps [PERSONA] [--format text|json|md]`: where the evidence is thin."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from .options import AsOfOption, RootOption, complete_persona, workspace_root


class GapsFormat(StrEnum):
    """How `gaps` prints its list."""

    text = "text"
    json = "json"
    md = "md"


def gaps(
    ctx: typer.Context,
    persona: Annotated[
        str | None,
        typer.Argument(
            metavar="PERSONA", help="Only this persona's gaps.", autocompletion=complete_persona
        ),
    ] = None,
    output_format: Annotated[
        GapsFormat, typer.Option("--format", "-f", help="text, json or md.")
    ] = GapsFormat.text,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> int:
    """A ranked to-do list of where the evidence is thin, and what would close each gap."""
    from ..errors import WorkspaceError
    from ..gaps import find_gaps
    from ..gaps_format import as_json, as_markdown, as_text
    from ..linter import lint
    from ..suggest import hint

    result = lint(workspace_root(ctx, root), today=as_of)
    ws = result.session.workspace
    if persona is not None and persona not in ws.personas:
        raise WorkspaceError(f"no persona {persona!r}{hint(persona, ws.personas)}")
    found = find_gaps(result.session, result.findings, persona)
    if output_format is GapsFormat.json:
        sys.stdout.write(as_json(found, persona, ws.today.isoformat()))
    elif output_format is GapsFormat.md:
        sys.stdout.write(as_markdown(found))
    else:
        sys.stdout.write(as_text(found))
    return 0
