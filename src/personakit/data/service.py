"""What the data commands and rules ask of user data, over one engine connection.

Before a question reaches the engine, every condition is checked against the data it
names: the table and column exist, a relation leads there, the value fits the
column's type (no text compared with a date), a `within` stays inside the calendar.
A problem is a `DataProblem` that says where it stands under the segment or count,
so lint reports it at that line and the data commands name the file and line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from ..dates import DateError, parse_date
from ..errors import WorkspaceError
from ..model.conditions import Bound, Condition, Within, parse_condition
from ..model.data import DataConfig, Segment, check_column
from ..suggest import closest, did_you_mean, hint
from .columns import DIALECTS, HOLDS, about, kind_of, table_ref_for
from .errors import DataError, EngineUnavailable
from .problems import DataProblem
from .sql import Query, col, condition, split_column

if TYPE_CHECKING:
    from ..model import Count
    from ..model.playbook import Playbook
    from ..workspace import PersonaDoc, Workspace
    from .engine import Engine


def _misfit(kind: str, value: Any) -> str | None:
    """Why `value` cannot be compared with a column of `kind`, or None when it can."""
    if value is None or kind in ("other", "time"):
        return None
    shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
    if kind == "text":
        if isinstance(value, str):
            return None
        return f"{shown} is not text: quote it to compare it as text"
    if kind == "number":
        if isinstance(value, bool | dt.date):
            return f"{shown} is not a number"
        if isinstance(value, int | float):
            return None
        try:
            return None if math.isfinite(float(value)) else f"{shown} is not a finite number"
        except ValueError:
            return f"{shown} is not a number"
    if kind in ("date", "timestamp"):
        if isinstance(value, dt.date):
            return None
        if isinstance(value, str):
            try:
                dt.datetime.fromisoformat(value.strip())
                return None
            except ValueError:
                pass
        return f"{shown} is not a date (YYYY-MM-DD)"
    if kind == "boolean":
        if isinstance(value, bool) or str(value).lower() in ("true", "false"):
            return None
        return f"{shown} is not true or false"
    return None


class DataService:
    """The data questions of one workspace (checks, members, sizes, top values) over one engine."""

    def __init__(self, ws: Workspace) -> None:
        if ws.config.data is None:
            raise WorkspaceError("no `data:` block in personakit.yaml (see docs/segments.md)")
        self.ws = ws
        self.data: DataConfig = ws.config.data
        self._engine: Engine | None = None
        self._columns: dict[str, dict[str, str]] = {}
        self._checked: dict[tuple[int, dt.date, bool], DataProblem | None] = {}
        self._sizes: dict[tuple[int, dt.date], int] = {}
        self._counts: dict[tuple[int, dt.date], tuple[int, int]] = {}

    def _locate(self, key: tuple[str, ...]) -> int | None:
        return self.ws.config_doc.position(key)[0]

    @property
    def engine(self) -> Engine:
        """The engine, opened on first use: a run with no data question never imports one."""
        if self._engine is None:
            from .engine import open_engine

            self._engine = open_engine(self.ws.root, self.data, self._locate)
        return self._engine

    def close(self) -> None:
        """Close the engine if it was opened."""
        if self._engine is not None:
            self._engine.close()

    # -- checking ---------------------------------------------------------------------

    def columns(self, table: str) -> dict[str, str]:
        """Column names and types of `table`, asked of the engine once per run."""
        if table not in self._columns:
            self._columns[table] = self.engine.columns(table)
        return self._columns[table]

    def file_of(self, table: str) -> str:
        """What to call `table` in a message: its file, or its table in the engine."""
        config = self.data.tables[table]
        return config.path or config.table or table

    def column_problem(self, name: str) -> str | None:
        """Why a TABLE.COLUMN is unusable (no such table or column), or None."""
        try:
            table, column = split_column(name)
        except WorkspaceError as exc:
            return exc.message
        if table not in self.data.tables:
            return f"no table {table!r} in data.tables{hint(table, self.data.tables)}"
        columns = self.columns(table)
        if column not in columns:
            more = did_you_mean([f"{table}.{c}" for c in closest(column, columns)])
            return f"table {table!r} has no column {column!r} ({self.file_of(table)})" + (
                f"; {more}" if more else ""
            )
        return None

    def unknown(self, names: list[str]) -> str | None:
        """Why some TABLE.COLUMN of `names` is unusable, or None when every one is known."""
        for name in names:
            problem = self.column_problem(name)
            if problem:
                return problem
        return None

    def condition_problem(
        self, query: Query, name: str, cond: Condition, as_of: dt.date
    ) -> str | None:
        """Why one `where` entry cannot be asked of the data as of `as_of`, or None."""
        try:
            check_column(name)
        except ValueError as exc:
            return str(exc)
        problem = self.column_problem(name)
        if problem:
            return problem
        table, column = split_column(name)
        try:
            query.reachable(table)
        except WorkspaceError as exc:
            return exc.message
        problem = self.type_problem(name, cond, self.columns(table)[column])
        if problem:
            return problem
        try:
            condition(col(table, column), cond, as_of)
        except ValueError as exc:
            return str(exc)
        return None

    def type_problem(self, name: str, cond: Condition, sql_type: str) -> str | None:
        """A comparison the column's type cannot take: text against a date, `min` on a
        text column, `within` on numbers."""
        kind = kind_of(sql_type)
        holds = f"{name} holds {HOLDS.get(kind, sql_type)} ({self.file_of(name.split('.')[0])})"
        for test in cond.tests:
            if isinstance(test, Bound) and kind in ("text", "boolean"):
                return f"{holds}, so `{test.op}` cannot compare it"
            if isinstance(test, Within) and kind not in ("date", "timestamp", "other"):
                return f"{holds}, so `within` (days from the as-of date) cannot apply"
        for _op, value in cond.values():
            why = _misfit(kind, value)
            if why:
                return f"{holds}; {why}"
        return None

    def segment_problem(
        self, segment: Segment, as_of: dt.date | None = None, *, run: bool = False
    ) -> DataProblem | None:
        """Why `segment` cannot be asked of the data as of `as_of` (default: the
        workspace's today), or None. With `run`, also asks it (once; the size is kept
        for `size`), so that an error only the engine finds is a problem here too.

        Data errors become problems; an engine that cannot be used at all
        (`EngineUnavailable`) is raised: nothing can be checked without it.
        """
        as_of = as_of or self.ws.today
        key = (id(segment), as_of, run)
        if key not in self._checked:
            try:
                found = self._segment_problem(segment, as_of)
                if found is None and run:
                    self._sizes[(id(segment), as_of)] = self._size(segment, as_of)
            except EngineUnavailable:
                raise
            except WorkspaceError as exc:
                found = DataProblem(str(exc), error=exc)
            self._checked[key] = found
        return self._checked[key]

    def _segment_problem(self, segment: Segment, as_of: dt.date) -> DataProblem | None:
        if segment.of not in self.data.tables:
            more = hint(segment.of, self.data.tables)
            return DataProblem(f"no table {segment.of!r} in data.tables{more}", ("of",))
        query = Query(self.data, table_ref_for(self.data), segment.of, as_of)
        for table in sorted(query.paths.joined):
            self.columns(table)  # a table that cannot be read stops here, with its file
        key = f"{segment.of}.{self.data.tables[segment.of].key}"
        problem = self.column_problem(key)
        if problem:
            return DataProblem(f"the key of {segment.of}: {problem}", ("of",))
        for name, cond in segment.where.items():
            problem = self.condition_problem(query, name, cond, as_of)
            if problem:
                return DataProblem(about(name, problem), ("where", name))
        for i, name in enumerate(segment.track):
            problem = self.column_problem(name)
            if problem:
                return DataProblem(about(name, problem), ("track", i))
            table, column = split_column(name)
            try:
                query.reachable(table)
                query.means([name])
            except WorkspaceError as exc:
                return DataProblem(exc.message, ("track", i))
            kind = kind_of(self.columns(table)[column])
            if kind not in ("number", "boolean", "other"):
                return DataProblem(
                    f"track: {name} holds {HOLDS[kind]} ({self.file_of(table)}); "
                    "only numbers have a mean",
                    ("track", i),
                )
        return None

    def _size(self, segment: Segment, as_of: dt.date) -> int:
        query = Query(self.data, table_ref_for(self.data), segment.of, as_of).where(segment.where)
        return int(self.engine.fetch(query.size())[0][0])

    def count_problem(
        self, count: Count, as_of: dt.date, *, run: bool = False
    ) -> DataProblem | None:
        """Why a count from data cannot be recomputed, or None. A problem of the
        segment itself as of today is the segment's (PK401 reports it there): None here."""
        assert count.segment is not None
        persona = self.ws.personas.get(count.segment)
        if persona is None or persona.model.segment is None:
            return None
        segment = persona.model.segment
        if self.segment_problem(segment) is not None:
            return None
        found = self.segment_problem(segment, as_of)
        if found is not None:
            return DataProblem(f"as of {as_of.isoformat()}: {found.message}", ("as_of",))
        try:
            query = Query(self.data, table_ref_for(self.data), segment.of, as_of)
            for name, cond in count.where.items():
                problem = self.condition_problem(query, name, cond, as_of)
                if problem:
                    return DataProblem(about(name, problem), ("where", name))
            if run:
                self._count(count, segment, as_of)
        except EngineUnavailable:
            raise
        except WorkspaceError as exc:
            return DataProblem(str(exc))
        return None

    # -- questions --------------------------------------------------------------------

    def persona(self, persona: str) -> PersonaDoc:
        """The persona document of `persona`, or a one-line error saying why it cannot be used."""
        doc = self.ws.personas.get(persona)
        # A card read only in part still serves its segment, unless that is what failed.
        if doc is None or (not doc.complete and doc.model.segment is None):
            broken = self.ws.load_problems("personas", persona)
            if broken:
                first = broken[0]
                raise WorkspaceError(
                    f"persona {persona!r} cannot be used: {first.message} (see `personakit lint`)",
                    first.path,
                    first.line,
                )
            raise WorkspaceError(f"no persona {persona!r}{hint(persona, self.ws.personas)}")
        if doc.model.segment is None:
            raise WorkspaceError(f"persona {persona!r} has no segment", doc.path)
        return doc

    def segment(self, persona: str) -> Segment:
        """The segment of `persona`; WorkspaceError when it has none."""
        segment = self.persona(persona).model.segment
        assert segment is not None
        return segment

    def query(
        self,
        persona: str | None,
        as_of: dt.date,
        *,
        target: str | None = None,
        where: Sequence[tuple[str, Condition]] = (),
    ) -> Query:
        """The query for a persona's segment (or everyone) as of `as_of`, plus `--where`s."""
        segment = self.segment(persona) if persona else None
        root = segment.of if segment else self.data.people_table
        try:
            query = Query(self.data, table_ref_for(self.data), root, as_of, target=target)
            if segment:
                query.where(segment.where)
            for column, cond in where:
                query.where({column: cond})
        except ValueError as exc:  # a `within` that leaves the calendar as of this date
            if persona is None:
                raise WorkspaceError(str(exc)) from None
            doc = self.persona(persona)
            line, _col = doc.doc.position(("segment",), key=True)
            raise WorkspaceError(f"segment: {exc}", doc.path, line) from None
        return query

    def members(self, persona: str, as_of: dt.date) -> list[str]:
        """The keys of the people in `persona`'s segment as of `as_of`, sorted."""
        self.check_segment(persona, as_of)
        rows = self.fetch_for(persona, self.query(persona, as_of).members())
        return [str(row[0]) for row in rows]

    def size(self, persona: str, as_of: dt.date) -> int:
        """How many members, asked once per lint run (see `segment_problem(run=True)`)."""
        segment = self.segment(persona)
        key = (id(segment), as_of)
        if key not in self._sizes:
            self.check_segment(persona, as_of)
            self._sizes[key] = int(self.fetch_for(persona, self.query(persona, as_of).size())[0][0])
        return self._sizes[key]

    def metrics(self, persona: str, as_of: dt.date) -> tuple[int, dict[str, float | None]]:
        """Segment size and the mean of each tracked column as of `as_of`, for a snapshot."""
        segment = self.segment(persona)
        self.check_segment(persona, as_of)
        row = self.fetch_for(persona, self.query(persona, as_of).means(segment.track))[0]
        return int(row[0]), {
            c: (float(v) if v is not None else None)
            for c, v in zip(segment.track, row[1:], strict=True)
        }

    def top(
        self,
        target: str,
        persona: str | None,
        where: list[tuple[str, Condition]],
        limit: int,
        as_of: dt.date,
    ) -> list[tuple[Any, int]]:
        """The `limit` commonest values of `target` by distinct people, among a persona or all."""
        try:
            check_column(target)
        except ValueError as exc:
            raise WorkspaceError(str(exc)) from None
        problem = self.unknown([target])
        if problem:
            raise WorkspaceError(problem)
        if persona:
            self.check_segment(persona, as_of)
        root = self.segment(persona).of if persona else self.data.people_table
        probe = Query(self.data, table_ref_for(self.data), root, as_of, target=target)
        for name, cond in where:
            problem = self.condition_problem(probe, name, cond, as_of)
            if problem:
                raise WorkspaceError(f"--where {about(name, problem)}")
        query = self.query(persona, as_of, target=target, where=where)
        for table in query.paths.joined | query.inner:
            self.columns(table)
        rows = self.fetch_for(persona, query.top(min(limit, 2**62)))
        return [(value, int(people)) for value, people in rows]

    def population(
        self, persona: str | None, where: Sequence[tuple[str, Condition]], as_of: dt.date
    ) -> int:
        """How many distinct people a `top` ranks among: the persona's segment members (or
        everyone in the people table) that match `where`, whatever their target values."""
        if persona:
            self.check_segment(persona, as_of)
        query = self.query(persona, as_of, where=where)
        for table in query.paths.joined | query.inner | set(query.paths.exists):
            self.columns(table)  # registers the table with the engine
        return int(self.fetch_for(persona, query.size())[0][0])

    def universe(self, persona: str, as_of: dt.date) -> tuple[str, int]:
        """The table `persona`'s segment is drawn from and how many people it holds: the
        denominator of the segment's size."""
        segment = self.segment(persona)
        self.columns(segment.of)  # registers the table with the engine
        query = Query(self.data, table_ref_for(self.data), segment.of, as_of)
        return segment.of, int(self.fetch_for(persona, query.size())[0][0])

    def playbook_problems(
        self, segment: Segment, playbook: Playbook, as_of: dt.date | None = None
    ) -> list[DataProblem]:
        """Every reason `playbook` cannot be asked of the data (data/playbooks.py)."""
        from .playbooks import playbook_problems

        return playbook_problems(self, segment, playbook, as_of)

    def count(self, count: Count, as_of: dt.date) -> tuple[int, int]:
        """(n, of) of a data count: `of` segment members, `n` of them matching `where`."""
        assert count.segment is not None
        segment = self.segment(count.segment)
        self.check_segment(count.segment, as_of)
        problem = self.count_problem(count, as_of)
        if problem:
            raise WorkspaceError(problem.message)
        return self._count(count, segment, as_of)

    def _count(self, count: Count, segment: Segment, as_of: dt.date) -> tuple[int, int]:
        key = (id(count), as_of)
        if key not in self._counts:
            assert count.segment is not None
            of = self.engine.fetch(self.query(count.segment, as_of).size())[0][0]
            n = self.engine.fetch(
                self.query(count.segment, as_of, where=list(count.where.items())).size()
            )[0][0]
            self._counts[key] = (int(n), int(of))
        return self._counts[key]

    def sql(self, persona: str, dialect: str, as_of: dt.date) -> str:
        """The SQL that selects `persona`'s members, in `dialect`, for `segment --sql`."""
        if dialect not in DIALECTS:
            raise WorkspaceError(
                f"--dialect must be one of {', '.join(DIALECTS)} (got {dialect!r})"
            )
        query = self.query(persona, as_of)
        return query.members().sql(dialect=DIALECTS[dialect], pretty=True) + ";\n"

    def check_segment(self, persona: str, as_of: dt.date) -> None:
        """A segment's problem as a one-line error at its line in the persona file."""
        doc = self.persona(persona)
        assert doc.model.segment is not None
        try:
            problem = self.segment_problem(doc.model.segment, as_of)
        except EngineUnavailable as exc:
            raise _asked_by(exc, persona) from None
        if problem and problem.error is not None and problem.error.path:
            # The data file is at fault: name it (and its line), and who needed it.
            error = problem.error
            raise DataError(
                f"{error.message} (needed by the segment of {persona!r})", error.path, error.line
            )
        if problem:
            line, _col = doc.doc.position(("segment", *problem.where), key=True)
            raise WorkspaceError(f"segment: {problem.message}", doc.path, line)

    def fetch_for(self, persona: str | None, query: exp.Expression) -> list[tuple[Any, ...]]:
        """The rows of `query`, asked for `persona`'s segment: an engine's or a data
        file's failure names the persona file and the segment's line."""
        try:
            return self.engine.fetch(query)
        except EngineUnavailable as exc:
            raise _asked_by(exc, persona) if persona else exc from None
        except DataError as exc:
            if persona is None:
                raise
            doc = self.persona(persona)
            line, _col = doc.doc.position(("segment",), key=True)
            raise DataError(f"segment of {persona!r}: {exc}", doc.path, line) from None


def _asked_by(exc: EngineUnavailable, persona: str) -> EngineUnavailable:
    return EngineUnavailable(
        f"{exc.message} (asked for the segment of {persona!r})", exc.path, exc.line
    )


_WHERE = re.compile(r"^\s*([A-Za-z_]\w*\.[A-Za-z_]\w*)\s*(<=|>=|!=|=|<|>|\s+within\s+)\s*(.*?)\s*$")


def parse_where(text: str) -> tuple[str, Condition]:
    """`accounts.tier=enterprise`, `users.nps<=6`, `accounts.renewal_date within 90d`."""
    match = _WHERE.match(text)
    if match is None:
        raise WorkspaceError(
            f"--where {text!r}: write TABLE.COLUMN=VALUE (or != <= >= < >, or `within 90d`)"
        )
    column, op, raw = match.group(1), match.group(2).strip(), match.group(3)
    if op == "within":
        cond: Any = {"within": raw}
    else:
        values = (
            [_value(v) for v in raw.split(",")]
            if "," in raw and op in ("=", "!=")
            else [_value(raw)]
        )
        value: Any = values if len(values) > 1 else values[0]
        cond = {
            "=": value,
            "!=": {"not": value},
            "<=": {"max": value},
            ">=": {"min": value},
            "<": {"before": value},
            ">": {"after": value},
        }[op]
    try:
        return column, parse_condition(cond)
    except ValueError as exc:
        raise WorkspaceError(f"--where {text!r}: {exc}") from None


def _value(raw: str) -> Any:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    if raw.lower() in ("null", "none", "~"):
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    for kind in (int, float):
        try:
            number = kind(raw)
        except (ValueError, OverflowError):
            continue
        # `nan` and `inf` stay text: no column holds them as numbers to compare.
        return number if math.isfinite(number) else raw
    try:
        return parse_date(raw)
    except DateError:
        return raw
