"""The data questions lint asks, answered from the last run while the data is unchanged.

Checking a segment or recomputing a count means importing the data engine and running
queries, which is most of a lint of a small workspace. Lint asks the same few
questions every run (is this segment answerable, how large is it, what does this count
come to), so their answers are kept in `.personakit_cache/data-<hash>.json`, keyed by
personakit's source files, the workspace root and the whole `data:` block of the
config, and valid while every data file keeps its stat (inode, size, modification and
change time). Each answer is keyed by the question as asked: which question, the
segment or count it is about (with the segment a count refers to), written out in
full, and the as-of date. The engine (and sqlglot) is imported only when a question's
answer is not there.

Only for data in files (`engine: duckdb`, every table a `path:`): a database can change
with no file changing. Errors (an engine that cannot be used, a data file that cannot
be read, a mistake in the config, whose line an edit elsewhere in the config moves)
are never kept: the next run meets them afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..cache import Cache
from ..errors import WorkspaceError
from ..file_stats import code_stamp, stat_of
from ..fs import contained
from .problems import DataProblem

if TYPE_CHECKING:
    from ..model import Count, Segment
    from ..model.documents import Workspace
    from ..model.playbook import Playbook
    from .service import DataService


def cacheable(ws: Workspace) -> bool:
    """Whether every input of a data answer is a file of the workspace."""
    data = ws.config.data
    if data is None or data.engine != "duckdb":
        return False
    return all(t.path is not None and t.table is None for t in data.tables.values())


class DataAnswers:
    """DataService's lint questions through the cache; anything else goes to the service."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._service: DataService | None = None
        self._store = Cache(ws.root)
        data = ws.config.data
        assert data is not None
        key = [code_stamp(), str(ws.root), repr(data)]
        digest = hashlib.blake2b(json.dumps(key).encode("utf-8"), digest_size=12).hexdigest()
        self._name = f"data-{digest}.json"
        self._files = self._stats()
        self._known: dict[str, Any] = {}
        self._fresh: dict[str, Any] = {}
        entry = self._store.read(self._name) if self._files is not None else None
        if isinstance(entry, dict) and entry.get("files") == self._files:
            answers = entry.get("answers")
            if isinstance(answers, dict):
                self._known = answers

    @property
    def service(self) -> DataService:
        """The data service, made (and its engine imported) on the first unknown answer."""
        if self._service is None:
            from .service import DataService

            self._service = DataService(self.ws)
        return self._service

    def __getattr__(self, name: str) -> Any:
        # Questions lint does not ask go straight to the service.
        return getattr(self.service, name)

    def _stats(self) -> dict[str, Any] | None:
        data = self.ws.config.data
        assert data is not None
        stats: dict[str, Any] = {}
        for name, table in data.tables.items():
            try:
                path = contained(self.ws.root, str(table.path))
            except WorkspaceError:
                return None  # the service says why, every run
            stats[name] = stat_of(str(path))
        return stats

    def _ask(
        self,
        key: list[Any],
        ask: Callable[[], Any],
        encode: Callable[[Any], Any],
        decode: Callable[[Any], Any],
    ) -> Any:
        text = repr(key)
        if text in self._known:
            try:
                value = decode(self._known[text])
            except (TypeError, ValueError, IndexError, KeyError):
                pass
            else:
                self._fresh[text] = self._known[text]
                return value
        value = ask()
        kept = encode(value)
        if kept is not _NOT_KEPT:
            self._fresh[text] = kept
        return value

    # -- the questions lint asks ------------------------------------------------------

    def segment_problem(
        self, segment: Segment, as_of: dt.date | None = None, *, run: bool = False
    ) -> DataProblem | None:
        """DataService.segment_problem, kept."""
        day = as_of or self.ws.today
        return self._ask(
            ["segment_problem", segment, day, run],
            lambda: self.service.segment_problem(segment, as_of, run=run),
            _problem_out,
            _problem_in,
        )

    def count_problem(
        self, count: Count, as_of: dt.date, *, run: bool = False
    ) -> DataProblem | None:
        """DataService.count_problem, kept."""
        return self._ask(
            ["count_problem", count, self._segment_of(count.segment), as_of, run, self.ws.today],
            lambda: self.service.count_problem(count, as_of, run=run),
            _problem_out,
            _problem_in,
        )

    def playbook_problems(
        self, segment: Segment, playbook: Playbook, as_of: dt.date | None = None
    ) -> list[DataProblem]:
        """DataService.playbook_problems, kept (not while one is an error of the config)."""
        day = as_of or self.ws.today
        return self._ask(
            ["playbook_problems", segment, playbook, day],
            lambda: self.service.playbook_problems(segment, playbook, as_of),
            _problems_out,
            _problems_in,
        )

    def count(self, count: Count, as_of: dt.date) -> tuple[int, int]:
        """DataService.count, kept."""
        return self._ask(
            ["count", count, self._segment_of(count.segment), as_of, self.ws.today],
            lambda: self.service.count(count, as_of),
            list,
            lambda v: (_int(v[0]), _int(v[1])),
        )

    def size(self, persona: str, as_of: dt.date) -> int:
        """DataService.size, kept."""
        return self._ask(
            ["size", persona, self._segment_of(persona), as_of],
            lambda: self.service.size(persona, as_of),
            int,
            _int,
        )

    def _segment_of(self, persona: str | None) -> Segment | None:
        doc = self.ws.personas.get(persona or "")
        return None if doc is None else doc.model.segment

    def save(self) -> None:
        """Write what this run asked and learned, if it differs from what was kept."""
        if self._files is None or self._fresh == self._known:
            return
        self._store.write(self._name, {"files": self._files, "answers": self._fresh})

    def close(self) -> None:
        """Close the engine, if one was opened."""
        if self._service is not None:
            self._service.close()


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not a count")
    return value


# What an answer is encoded as when it must be asked again next run.
_NOT_KEPT = object()


def _problem_out(problem: DataProblem | None) -> Any:
    if problem is None:
        return None
    error = problem.error
    if error is not None and error.line is not None:
        # An error in the config (a table's file missing) names its line, which an
        # edit elsewhere in the config moves; the key knows the `data:` block, not where
        # it stands. Met afresh each run, as the docstring says errors are.
        return _NOT_KEPT
    return [
        problem.message,
        list(problem.where),
        None if error is None else [error.message, error.path, error.line],
    ]


def _problems_out(problems: list[DataProblem]) -> Any:
    kept = [_problem_out(problem) for problem in problems]
    return _NOT_KEPT if any(k is _NOT_KEPT for k in kept) else kept


def _problems_in(value: Any) -> list[DataProblem]:
    if not isinstance(value, list):
        raise TypeError("not problems")
    return [problem for problem in map(_problem_in, value) if problem is not None]


def _problem_in(value: Any) -> DataProblem | None:
    if value is None:
        return None
    message, where, error = value
    if not isinstance(message, str) or not all(isinstance(w, str | int) for w in where):
        raise TypeError("not a problem")
    made = None if error is None else WorkspaceError(*error)
    return DataProblem(message, tuple(where), made)
