"""`personakit lsp`: the language server, over stdin and stdout, for editors."""

from __future__ import annotations


def lsp() -> int:
    """Run the language server for editors (stdio): lint findings while you type."""
    from ..lsp.server import serve_stdio

    serve_stdio()
    return 0
