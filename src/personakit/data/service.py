"""What the data commands and rules ask of user data, over one engine connection."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from ..errors import WorkspaceError
from .config import DataConfig, Segment, check_column
from .sql import Query, ident

if TYPE_CHECKING:
    from ..model import Count
    from ..workspace import Workspace
    from .engine import Engine

DIALECTS = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "spark": "spark",
    "trino": "trino",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
}


def table_ref_for(data: DataConfig) -> Any:
    """Tables as SQL names: a file is registered under its logical name; an engine
    table is `schema.name AS logical`."""

    def ref(name: str) -> exp.Expression:
        table = data.tables[name]
        if table.table is None:
            return exp.Table(this=ident(name))
        schema, _, bare = table.table.rpartition(".")
        return exp.Table(
            this=ident(bare),
            db=ident(schema) if schema else None,
            alias=exp.TableAlias(this=ident(name)),
        )

    return ref


class DataService:
    def __init__(self, ws: Workspace) -> None:
        if ws.config.data is None:
            raise WorkspaceError("no `data:` block in personakit.yaml (see docs/segments.md)")
        self.ws = ws
        self.data: DataConfig = ws.config.data
        self._engine: Engine | None = None
        self._columns: dict[str, dict[str, str]] = {}

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from .engine import open_engine

            self._engine = open_engine(self.ws.root, self.data)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()

    # -- checking ---------------------------------------------------------------------

    def columns(self, table: str) -> dict[str, str]:
        if table not in self._columns:
            self._columns[table] = self.engine.columns(table)
        return self._columns[table]

    def unknown(self, names: list[str]) -> str | None:
        """Why a TABLE.COLUMN is unusable, or None when every one is known."""
        for name in names:
            table, column = name.split(".", 1)
            if table not in self.data.tables:
                return f"no table {table!r} in data.tables"
            if column not in self.columns(table):
                return f"table {table!r} has no column {column!r}"
        return None

    def segment_problem(self, segment: Segment) -> str | None:
        if segment.of not in self.data.tables:
            return f"segment.of: no table {segment.of!r} in data.tables"
        key = self.data.tables[segment.of].key
        problem = self.unknown([*segment.where, *segment.track, f"{segment.of}.{key}"])
        if problem:
            return problem
        problem = self.type_problem(segment.where)
        if problem:
            return problem
        try:
            query = Query(self.data, table_ref_for(self.data), segment.of, dt.date.today())
            query.where(segment.where)
            query.means(segment.track)
        except WorkspaceError as exc:
            return exc.message
        return None

    def type_problem(self, where: dict[str, Any]) -> str | None:
        """A comparison that needs numbers or dates, on a column that holds text."""
        for name, cond in where.items():
            if not isinstance(cond, dict):
                continue
            ordered = [op for op in ("min", "max", "before", "after", "within") if op in cond]
            if not ordered:
                continue
            table, column = name.split(".", 1)
            kind = self.columns(table)[column].lower()
            if any(word in kind for word in ("char", "text", "string")):
                return f"{name} holds text in the data, so `{ordered[0]}` cannot compare it"
        return None

    # -- questions --------------------------------------------------------------------

    def segment(self, persona: str) -> Segment:
        doc = self.ws.personas.get(persona)
        if doc is None:
            raise WorkspaceError(f"no persona {persona!r}")
        if doc.model.segment is None:
            raise WorkspaceError(f"persona {persona!r} has no segment", doc.path)
        return doc.model.segment

    def query(
        self,
        persona: str | None,
        as_of: dt.date,
        *,
        target: str | None = None,
        where: list[tuple[str, Any]] = (),
    ) -> Query:
        segment = self.segment(persona) if persona else None
        root = segment.of if segment else self.data.people_table
        query = Query(self.data, table_ref_for(self.data), root, as_of, target=target)
        if segment:
            query.where(segment.where)
        for column, cond in where:
            query.where({column: cond})
        return query

    def members(self, persona: str, as_of: dt.date) -> list[str]:
        self._check(self.segment(persona))
        return [str(row[0]) for row in self.engine.fetch(self.query(persona, as_of).members())]

    def metrics(self, persona: str, as_of: dt.date) -> tuple[int, dict[str, float | None]]:
        segment = self.segment(persona)
        self._check(segment)
        row = self.engine.fetch(self.query(persona, as_of).means(segment.track))[0]
        return int(row[0]), {
            c: (float(v) if v is not None else None)
            for c, v in zip(segment.track, row[1:], strict=True)
        }

    def top(
        self,
        target: str,
        persona: str | None,
        where: list[tuple[str, Any]],
        limit: int,
        as_of: dt.date,
    ) -> list[tuple[Any, int]]:
        try:
            check_column(target)
        except ValueError as exc:
            raise WorkspaceError(str(exc)) from None
        problem = self.unknown([target, *[c for c, _ in where]])
        if problem:
            raise WorkspaceError(problem)
        if persona:
            self._check(self.segment(persona))
        rows = self.engine.fetch(self.query(persona, as_of, target=target, where=where).top(limit))
        return [(value, int(people)) for value, people in rows]

    def count(self, count: Count, as_of: dt.date) -> tuple[int, int]:
        """(n, of) of a data count: `of` segment members, `n` of them matching `where`."""
        assert count.segment is not None
        self._check(self.segment(count.segment))
        problem = self.unknown(list(count.where))
        if problem:
            raise WorkspaceError(problem)
        of = self.engine.fetch(self.query(count.segment, as_of).size())[0][0]
        n = self.engine.fetch(
            self.query(count.segment, as_of, where=list(count.where.items())).size()
        )[0][0]
        return int(n), int(of)

    def sql(self, persona: str, dialect: str, as_of: dt.date) -> str:
        if dialect not in DIALECTS:
            raise WorkspaceError(
                f"--dialect must be one of {', '.join(DIALECTS)} (got {dialect!r})"
            )
        return (
            self.query(persona, as_of).members().sql(dialect=DIALECTS[dialect], pretty=True) + ";\n"
        )

    def _check(self, segment: Segment) -> None:
        problem = self.segment_problem(segment)
        if problem:
            raise WorkspaceError(problem)


_WHERE = re.compile(r"^\s*([A-Za-z_]\w*\.[A-Za-z_]\w*)\s*(<=|>=|!=|=|<|>|\s+within\s+)\s*(.*?)\s*$")


def parse_where(text: str) -> tuple[str, Any]:
    """`accounts.tier=enterprise`, `users.nps<=6`, `accounts.renewal_date within 90d`."""
    match = _WHERE.match(text)
    if match is None:
        raise WorkspaceError(
            f"--where {text!r}: write TABLE.COLUMN=VALUE (or != <= >= < >, or `within 90d`)"
        )
    column, op, raw = match.group(1), match.group(2).strip(), match.group(3)
    if op == "within":
        return column, {"within": raw}
    values = (
        [_value(v) for v in raw.split(",")] if "," in raw and op in ("=", "!=") else [_value(raw)]
    )
    value: Any = values if len(values) > 1 else values[0]
    return column, {
        "=": value,
        "!=": {"not": value},
        "<=": {"max": value},
        ">=": {"min": value},
        "<": {"before": value},
        ">": {"after": value},
    }[op]


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
            return kind(raw)
        except ValueError:
            pass
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return raw
