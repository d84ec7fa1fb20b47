"""Creating and extending a workspace: `init`, `new` and `fmt`, as library functions.

Each name is imported on first use: a render reads the built-in templates from this
package (`scaffold.templates`) and should not pay for the models `init` validates.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .init import init_workspace
    from .jobs import add_job
    from .new import new_decision, new_interview, new_journey, new_persona

_WHERE = {
    "add_job": "jobs",
    "init_workspace": "init",
    "new_decision": "new",
    "new_interview": "new",
    "new_journey": "new",
    "new_persona": "new",
}
__all__ = [
    "add_job",
    "init_workspace",
    "new_decision",
    "new_interview",
    "new_journey",
    "new_persona",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
