"""The error a model raises for a name it does not know, carrying the names it does."""

from __future__ import annotations

from collections.abc import Iterable


class UnknownName(ValueError):
    """A name (a field, an operator) that is not among `known`; callers add "did you mean"."""

    def __init__(self, message: str, name: str, known: Iterable[str]) -> None:
        super().__init__(message)
        self.name = name
        self.known = tuple(known)
