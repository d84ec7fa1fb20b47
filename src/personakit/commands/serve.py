"""`personakit serve`: a live preview of the site while you edit."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .options import RootOption, workspace_root


def serve(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")
    ] = 8000,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="HOST",
            help="Listen on this address instead of 127.0.0.1 (others may then read the site).",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Preview the public edition (internal notes left out)."),
    ] = False,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Also show each persona's evidence gaps, as render --draft."),
    ] = False,
    root: RootOption = None,
) -> int:
    """Preview the site in a browser, re-rendered and reloaded on every edit.

    Findings are marked on the pages as in a draft. Ctrl-C stops it."""
    from ..errors import WorkspaceError
    from ..serve import serve as run
    from ..workspace.root import CONFIG_NAME, find_root

    given = workspace_root(ctx, root)
    where = given.resolve() if given is not None else find_root(Path.cwd())
    # Refused up front, as other commands do; once serving, a broken workspace is only
    # a failed rebuild.
    if not os.path.lexists(where / CONFIG_NAME):
        raise WorkspaceError(f"no {CONFIG_NAME} in {where} (see `personakit init`)")
    if host is not None:
        print(
            f"personakit: warning: serving on {host}, not only on this machine's loopback "
            "address: anyone who can reach it can read every page, internal notes included.",
            file=sys.stderr,
        )
    return run(where, port=port, host=host, public=public, draft=draft)
