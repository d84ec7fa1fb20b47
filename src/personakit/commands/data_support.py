"""What `segment`, `top`, `playbook` and `snapshot` share: opening the data; printing
is data/output.py's, shared with a run from a kept plan (data/plans.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_service(root: Path | None) -> Any:
    """The data service over the workspace at `root`, loaded without its notes."""
    from ..session import Session

    # Segments need the personas, not the notes: a research repository with thousands
    # of notes answers a data question as fast as an empty one.
    return Session.load(root, evidence=False).data
