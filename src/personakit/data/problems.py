"""Why a data question cannot be answered: light, so that kept answers (answers.py) can
be given back without importing the engine or sqlglot."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import WorkspaceError


@dataclass(frozen=True)
class DataProblem:
    """Why a segment or count cannot be answered, and where: a key path under it
    (("where", "users.nps"), ("track", 0), ("of",)), or () for the whole of it."""

    message: str
    where: tuple[str | int, ...] = ()
    error: WorkspaceError | None = None  # a data file's own error, with its file and line
