"""Finding, reading and holding a workspace."""

from __future__ import annotations

from .config import CONFIG_NAME, Config, find_root
from .documents import ClaimEntry, DecisionDoc, JourneyDoc, Note, PersonaDoc, Quote, Workspace
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
