"""personakit: keep a product team's personas honest.

The library is usable without the CLI::

    import personakit
    result = personakit.lint("path/to/workspace")
    for finding in result.findings: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .linter import LintResult, lint
    from .workspace import Workspace, load_workspace

__all__ = ["LintResult", "Workspace", "__version__", "lint", "load_workspace"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `personakit --version` does not pay for pydantic and the rules.
    if name in ("lint", "LintResult"):
        from . import linter as module

        return getattr(module, name)
    if name in ("load_workspace", "Workspace"):
        from . import workspace

        return getattr(workspace, name)
    raise AttributeError(name)
