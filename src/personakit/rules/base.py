"""The shape every rule module has, and the helpers rules share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..findings import Finding, Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

__all__ = ["Finding", "Problem", "Rule", "Severity", "short"]


class Rule(Protocol):
    """What every rule module provides (module attributes plus `check`)."""

    CODE: str
    NAME: str
    SEVERITY: Severity
    SUMMARY: str
    OPTIONS: dict[str, Any]
    __doc__: str | None

    def check(self, session: Session, options: dict[str, Any]) -> Iterable[Problem]: ...
