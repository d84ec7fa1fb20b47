"""Atomic writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import WorkspaceError


def _temp_beside(path: Path, text: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return tmp


def write_new(path: Path, text: str, shown_as: str | None = None) -> None:
    """Create `path` with `text`; refuse (exit 2) if it already exists, touching nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise WorkspaceError(
            "already exists; personakit never overwrites a file", shown_as or str(path)
        )
    tmp = _temp_beside(path, text)
    try:
        # A hard link is atomic and fails if the target exists, unlike a rename.
        os.link(tmp, path)
    except FileExistsError:
        raise WorkspaceError(
            "already exists; personakit never overwrites a file", shown_as or str(path)
        ) from None
    except OSError:
        # File systems without hard links: the exists-check above has to do.
        os.replace(tmp, path)
        return
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def replace_file(path: Path, text: str) -> None:
    """Replace an existing file's content atomically, keeping its permissions."""
    mode = path.stat().st_mode & 0o7777
    tmp = _temp_beside(path, text)
    try:
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
