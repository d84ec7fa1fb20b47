"""Creating and extending a workspace: `init`, `new` and `fmt`, as library functions."""

from __future__ import annotations

from .init import init_workspace
from .jobs import add_job
from .new import new_decision, new_interview, new_journey, new_persona

__all__ = [
    "add_job",
    "init_workspace",
    "new_decision",
    "new_interview",
    "new_journey",
    "new_persona",
]
