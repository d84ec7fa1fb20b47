"""Where a workspace is: the nearest folder holding `personakit.yaml`.

Standard library only, so that a lint answered from the cache finds its workspace
without loading pydantic and the model.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConfigError

# The workspace's fixed file names, for code that must not load the model (a lint
# answered from the cache, shell completion): model.config.CONFIG_NAME and
# model.documents.LOCK_NAME are the same (a test pins them equal).
CONFIG_NAME = "personakit.yaml"
LOCK_NAME = "personakit.lock"


def root_of(root: str | Path | None) -> Path:
    """The workspace a command reads: `root` resolved, or else the one found from the
    current folder (`find_root`)."""
    return Path(root).resolve() if root is not None else find_root(Path.cwd())


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `personakit.yaml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        # Anything by that name counts (a FIFO, a folder, a link): it is this workspace's
        # config, refused when read, rather than a reason to use a workspace further up.
        if os.path.lexists(folder / CONFIG_NAME):
            return folder
    raise ConfigError(f"no {CONFIG_NAME} in {start} or any folder above it (see `personakit init`)")
