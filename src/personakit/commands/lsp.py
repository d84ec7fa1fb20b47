"""`personakit lsp [--root DIR]`: the language server, over stdin and stdout, for editors."""

from __future__ import annotations

import typer

from .options import RootOption, workspace_root


def lsp(ctx: typer.Context, root: RootOption = None) -> int:
    """Run the language server for editors (stdio): lint findings while you type.

    The workspace is the one holding the folder the editor opens, or --root if the
    editor names none."""
    from ..lsp.server import serve_stdio

    serve_stdio(workspace_root(ctx, root))
    return 0
