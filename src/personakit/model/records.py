"""Small records read at load: source rows, suppressions, and problems found while loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceRow:
    """One row of a declared CSV source: a voice that can be quoted and counted."""

    source: str
    id: str
    kind: str
    text: str
    date: dt.date | None
    role: str | None
    tags: frozenset[str]
    fields: dict[str, str] = field(hash=False, compare=False)  # every column, by header
    path: str = ""
    line: int = 0

    @property
    def voice(self) -> str:
        """Who the row speaks for: a row of a source is a voice of its own."""
        return f"{self.source}:{self.id}"


@dataclass(frozen=True)
class Suppression:
    """`# personakit: ignore[CODES] reason` on a line of a file."""

    line: int
    rules: frozenset[str]  # codes or names, as written (upper-cased codes)
    reason: str


@dataclass(frozen=True)
class Problem:
    """A rule's report of one defect: where it is and what is wrong.

    `whole_file` marks problems about a file as a whole (an orphan note), which a
    suppression anywhere in that file silences. `details` and `fix` are optional.
    """

    path: str
    line: int
    column: int
    message: str
    whole_file: bool = False
    # Structured facts behind the message (a count's participants, a misquote's diff),
    # for `--format json`; not part of the problem's identity.
    details: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    # An edit that would repair the problem (`lint --fix`), a `fixes.Fix`; typed loosely
    # because the model imports nothing else from personakit.
    fix: Any = field(default=None, compare=False, hash=False)
