"""One run's context: the loaded model plus everything rules and render ask of it.

A command loads the workspace once and builds one `Session`. Rules are pure functions
of the session: they never open files or engines, they ask it. The session parses the
review lock, builds the evidence index on first use and opens the data engine only
when something asks a data question, so commands that never touch user data never
import DuckDB. It is also the one place a cache or a language server will plug in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model.documents import Workspace

if TYPE_CHECKING:
    from .data.service import DataService
    from .evidence import Evidence
    from .settings import RuleSetting
    from .workspace.memory import WorkspaceMemory


@dataclass(eq=False)
class Session:
    """The workspace of one run, with its evidence index, data engine, settings and lock."""

    workspace: Workspace
    # personakit.lock as reviewed: claim key -> {reviewed, evidence}
    lock: dict[str, Any] = field(default_factory=dict)
    # Whether answers may be kept in, and taken from, .personakit_cache/ (data/answers.py).
    cache: bool = False
    # What a process that lints again and again holds between lints (workspace/memory.py).
    memory: WorkspaceMemory | None = None

    @classmethod
    def of(cls, ws: Workspace) -> Session:
        """The session over a loaded workspace; a broken review lock stops here (exit 2)."""
        lock: dict[str, Any] = {}
        if ws.lock_text is not None:
            from .review import read_lock

            lock = read_lock(ws.lock_text)
        return cls(workspace=ws, lock=lock)

    @classmethod
    def load(
        cls,
        root: str | Path | None = None,
        *,
        evidence: bool = True,
        today: dt.date | None = None,
        cache: bool = False,
        overrides: Mapping[str, str] | None = None,
        memory: WorkspaceMemory | None = None,
    ) -> Session:
        """Load the workspace at `root` and build its session (see `load_workspace`)."""
        from .workspace import load_workspace

        ws = load_workspace(
            root, evidence=evidence, cache=cache, overrides=overrides, memory=memory
        )
        if today is not None:
            ws.today = today
        session = cls.of(ws)
        session.cache = cache
        session.memory = memory
        return session

    @property
    def today(self) -> dt.date:
        """The day "stale", "recent" and relative data dates are measured from."""
        return self.workspace.today

    @cached_property
    def evidence(self) -> Evidence:
        """Citations, quotes, voices and tag counts behind every claim (built on first use)."""
        from .evidence import Evidence

        if self.memory is None:
            return Evidence(self.workspace)
        # Held from the last lint: the counts that no edit since has changed are taken over.
        found = Evidence(self.workspace, self.memory.evidence)
        self.memory.evidence = found
        return found

    @cached_property
    def data(self) -> DataService:
        """User data behind segments; the engine opens on the first question asked (with
        the cache on, the first question whose answer was not kept: data/answers.py)."""
        if self.cache:
            from .data.answers import DataAnswers, cacheable

            if self.workspace.config.data is not None and cacheable(self.workspace):
                # The same questions, typed as the service: the rest goes through to it.
                return DataAnswers(self.workspace)  # type: ignore[return-value]
        from .data.service import DataService

        return DataService(self.workspace)

    def keep(self) -> None:
        """Keep what this run learned that the next may reuse (data answers)."""
        service = self.__dict__.get("data")
        save = getattr(service, "save", None)
        if callable(save):
            save()

    @cached_property
    def settings(self) -> dict[str, RuleSetting]:
        """Each rule's severity and options: defaults, overridden by `personakit.yaml`."""
        from .settings import rule_settings

        return rule_settings(self.workspace)

    def is_rule(self, code_or_name: str) -> bool:
        """Whether a code (`PK107`) or a name (`single-voice`) is a rule's, for suppressions."""
        from .rules import resolve_rule

        return resolve_rule(code_or_name) is not None

    def rule_hint(self, code_or_name: str) -> str:
        """`; did you mean 'PK101'?` for an unknown rule code or name, or empty."""
        from .rules import rule_hint

        return rule_hint(code_or_name)

    def close(self) -> None:
        """Close the data engine, if one was opened."""
        service = self.__dict__.get("data")
        if service is not None:
            service.close()
