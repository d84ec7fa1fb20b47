"""Writing a rendered site: into a fresh folder, swapped in for the old one at the end."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import WorkspaceError

MARKER = ".personakit-render"


def write_site(out: Path, files: dict[str, str | bytes]) -> None:
    """Replace `out` with exactly `files` (relative path → content).

    The site is written to a temporary sibling folder first, so a failure leaves the old
    site as it was; a folder that personakit did not render is never replaced.
    """
    out = out.resolve()
    foreign = out.exists() and not (out / MARKER).exists()
    if foreign and (not out.is_dir() or any(out.iterdir())):
        raise WorkspaceError(
            "exists and was not written by personakit render; choose another --out", str(out)
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, content in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
        (staging / MARKER).write_text("This folder is replaced by every `personakit render`.\n")
        os.chmod(staging, 0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
