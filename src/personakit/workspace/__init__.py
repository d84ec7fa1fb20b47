"""Finding, reading and holding a workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.documents import (
        ClaimEntry,
        DecisionDoc,
        JourneyDoc,
        Note,
        PersonaDoc,
        Quote,
        Workspace,
    )
    from .config import CONFIG_NAME, Config, find_root
    from .load import load_workspace

__all__ = [
    "CONFIG_NAME",
    "ClaimEntry",
    "Config",
    "DecisionDoc",
    "JourneyDoc",
    "Note",
    "PersonaDoc",
    "Quote",
    "Workspace",
    "find_root",
    "load_workspace",
]


def __getattr__(name: str) -> Any:
    # Imported when asked for, so that reading a file (reading.py) or finding the root
    # (root.py) does not load pydantic and the model: a cached lint needs only those.
    if name in ("CONFIG_NAME", "Config", "find_root"):
        from . import config

        return getattr(config, name)
    if name == "load_workspace":
        from .load import load_workspace

        return load_workspace
    if name in __all__:
        from ..model import documents

        return getattr(documents, name)
    raise AttributeError(name)
