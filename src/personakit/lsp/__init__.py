"""`personakit lsp`: the language server (pygls and lsprotocol, imported only here)."""
