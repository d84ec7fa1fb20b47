"""What lint produces: problems (a place and a message) that become findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model.records import Problem

__all__ = ["Finding", "Problem", "Severity", "order", "short"]


def __getattr__(name: str) -> Any:
    # Re-exported when asked for: importing the model loads pydantic, which a lint
    # answered from the cache never needs (lint_cache.py).
    if name == "Problem":
        from .model.records import Problem

        return Problem
    raise AttributeError(name)


class Severity(StrEnum):
    """How serious a finding is: an error fails lint, a warning only under --strict."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """Sort order of the severity: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """A problem once its rule's code, name and configured severity are attached."""

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    # Optional facts behind the message (JSON `details`), and the edit that repairs it
    # (`lint --fix`); neither is part of the finding's identity.
    details: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    fix: Any = field(default=None, compare=False, hash=False)

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain data, in the JSON report's key order (`details` only
        when the rule gave any)."""
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.details:
            out["details"] = self.details
        return out


def order(finding: Finding) -> tuple[str, int, int, str, str]:
    """The one order findings are reported in: by file, then line and column, so that
    a file's root cause (a parse error on line 3) comes before what follows from it."""
    return (finding.path, finding.line, finding.column, finding.code, finding.message)


def short(text: str, limit: int = 40) -> str:
    """A claim's text shortened for a message: `"Fears the team ..."`."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut + " ..."
    return f'"{text}"'
