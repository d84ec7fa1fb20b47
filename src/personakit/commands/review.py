"""`personakit review [PERSONA]`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .options import RootOption, workspace_root


def review(
    ctx: typer.Context,
    persona: Annotated[
        str | None, typer.Argument(metavar="PERSONA", help="One persona (default: all).")
    ] = None,
    root: RootOption = None,
) -> int:
    """Record, after re-reading claims against their evidence, what that evidence was."""
    from ..review import LOCK_NAME
    from ..review import review as record_review
    from ..session import Session

    session = Session.load(workspace_root(ctx, root))
    ws = session.workspace
    count, unresolved = record_review(session, persona)
    who = f"persona {persona}" if persona else f"{len(ws.personas)} personas"
    print(f"Recorded the evidence of {count} claims of {who} as reviewed, in {LOCK_NAME}.")
    for item in unresolved:
        print(f"personakit: warning: {item} points at nothing; not recorded", file=sys.stderr)
    print(f"Next: commit {LOCK_NAME}; lint reports PK110 on claims whose evidence changes.")
    return 0
