"""The two ways user data can fail, told apart because lint treats them differently.

A `DataError` is about the data or one question over it (a file that cannot be read, a
query the engine refuses): lint reports it as a finding at the segment or count that
needs it and goes on. An `EngineUnavailable` means nothing can be asked at all (the
engine's package is not installed, the server does not answer): every command that
needs data stops with one line, lint included.
"""

from __future__ import annotations

from ..errors import ConfigError, WorkspaceError


class DataError(WorkspaceError):
    """A data file or a query over it failed; names the file (and line) where known."""


class EngineUnavailable(ConfigError):
    """The configured engine cannot be used here (missing package, unreachable server)."""
