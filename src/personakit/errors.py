"""Errors a user can cause, carrying the file and line they concern.

Everything the user can get wrong in a way that stops a command (no workspace, a bad
config, an unreadable file) is one of these; the CLI turns them into a one-line
message and exit code 2 in one place.
"""

from __future__ import annotations


class WorkspaceError(Exception):
    """A problem with the workspace that stops a command (exit code 2)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class ConfigError(WorkspaceError):
    """`personakit.yaml` cannot be used as it stands."""
