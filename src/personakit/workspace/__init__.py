"""Finding, reading and holding a workspace."""

from __future__ import annotations

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
