"""Atomic writes for scaffolding: thin names over the one writer in `personakit.fs`."""

from __future__ import annotations

from pathlib import Path

from ..fs import write_atomic


def write_new(path: Path, text: str, shown_as: str | None = None) -> None:
    """Create `path` with `text`; refuse (exit 2) if it already exists, touching nothing."""
    write_atomic(path, text, new=True, shown_as=shown_as)


def replace_file(path: Path, text: str, newline: str = "\n") -> None:
    """Replace an existing file's content atomically, keeping its permissions."""
    write_atomic(path, text, newline=newline)
