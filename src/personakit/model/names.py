"""The error a model raises for a name it does not know, carrying the names it does."""

from __future__ import annotations

from collections.abc import Iterable

# An id a file gives a claim, a step or a note: what citations and links can spell.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class UnknownName(ValueError):
    """A name (a field, an operator) that is not among `known`; callers add "did you mean"."""

    def __init__(self, message: str, name: str, known: Iterable[str]) -> None:
        super().__init__(message)
        self.name = name
        self.known = tuple(known)
