"""Which findings a run reports: the files selected, and claims whose evidence changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model.documents import Workspace


@dataclass
class Selection:
    """Which findings a run reports: those in `files` (None: every file), and those in
    the line ranges of `claims` (claims whose cited evidence changed)."""

    files: set[str] | None = None
    claims: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def __contains__(self, where: tuple[str, int]) -> bool:
        path, line = where
        if self.files is None or path in self.files:
            return True
        return any(start <= line < end for start, end in self.claims.get(path, ()))

    def paths(self, ws: Workspace) -> list[str]:
        """The files this selection reports on, relative to the workspace root."""
        if self.files is None:
            return sorted(known_paths(ws))
        return sorted(self.files | set(self.claims))


def known_paths(ws: Workspace) -> set[str]:
    """Every file of the workspace lint looked at: those read, and those it reported
    on without reading (a FIFO, an oversized file)."""
    return set(ws.texts) | {problem.path for _code, problem in ws.problems}
