"""Segments and questions compiled to SQL with sqlglot: expressions built as trees,
values quoted by the library, one plan rendered for any dialect.

From the people table (a segment's `of`), tables reached by many-to-one relations are
joined (a user's account); a condition on a table on the "many" side of a relation
(a user's feature requests) holds when some such row matches, through EXISTS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from ..errors import WorkspaceError
from ..model.conditions import (
    Bound,
    Condition,
    Equals,
    Excludes,
    Exists,
    Test,
    Within,
    within_range,
)
from ..model.data import DataConfig
from ..suggest import hint

TableRef = Callable[[str], exp.Expression]


def ident(name: str) -> exp.Identifier:
    """A quoted SQL identifier, so any table or column name is taken literally."""
    return exp.to_identifier(name, quoted=True)


def col(table: str, column: str) -> exp.Column:
    """`table`.`column` as a quoted SQL column reference."""
    return exp.Column(this=ident(column), table=ident(table))


def literal(value: Any) -> exp.Expression:
    """A Python value as an SQL literal quoted by sqlglot; ValueError for NaN or infinity."""
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, dt.datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


def split_column(name: str) -> tuple[str, str]:
    """`users.nps` → ("users", "nps"); anything else is a WorkspaceError, never a crash."""
    table, dot, column = str(name).partition(".")
    if not (dot and table and column) or "." in column:
        raise WorkspaceError(f"{name!r} is not TABLE.COLUMN (a table and a column, e.g. users.nps)")
    return table, column


@dataclass
class Paths:
    """How each table is reached from the people table."""

    root: str
    joins: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # many_t, many_c, one_t, one_c
    joined: set[str] = field(default_factory=set)
    exists: dict[str, tuple[str, str, str, str]] = field(
        default_factory=dict
    )  # table -> its relation


def paths_from(data: DataConfig, root: str) -> Paths:
    """How every table is reached from `root`: joined many-to-one, or tested with EXISTS."""
    paths = Paths(root=root, joined={root})
    frontier = [root]
    while frontier:
        current = frontier.pop(0)
        for rel in data.relations:
            if rel.many_table == current and rel.one_table not in paths.joined:
                paths.joins.append((rel.many_table, rel.many_column, rel.one_table, rel.one_column))
                paths.joined.add(rel.one_table)
                frontier.append(rel.one_table)
    for rel in data.relations:
        if rel.one_table in paths.joined and rel.many_table not in paths.joined:
            paths.exists.setdefault(
                rel.many_table, (rel.many_table, rel.many_column, rel.one_table, rel.one_column)
            )
    return paths


def condition(column: exp.Expression, cond: Condition, as_of: dt.date) -> exp.Expr:
    """One `where` entry as a boolean expression; ValueError when it cannot be one as of
    `as_of` (a `within` that leaves the calendar)."""
    parts = [_test(column, test, as_of) for test in cond.tests]
    return exp.and_(*parts) if len(parts) > 1 else parts[0]


def _test(column: exp.Expression, test: Test, as_of: dt.date) -> exp.Expr:
    match test:
        case Equals(values=(value,)):
            if value is None:
                return exp.Is(this=column, expression=exp.Null())
            return exp.EQ(this=column, expression=literal(value))
        case Equals(values=values):
            return _any_of(column, list(values))
        case Bound(op="min", value=value):
            return exp.GTE(this=column, expression=literal(value))
        case Bound(op="max", value=value):
            return exp.LTE(this=column, expression=literal(value))
        case Bound(op="before", value=value):
            return exp.LT(this=column, expression=literal(value))
        case Bound(value=value):
            return exp.GT(this=column, expression=literal(value))
        case Within(days=days):
            low, high = within_range(as_of, days)
            return exp.Between(this=column, low=literal(low), high=literal(high))
        case Excludes(values=values):
            return _none_of(column, list(values))
        case Exists(present=present):
            is_null = exp.Is(this=column, expression=exp.Null())
            return exp.not_(is_null) if present else is_null
    raise AssertionError(f"unhandled test {test!r}")


def _any_of(column: exp.Expression, values: list[Any]) -> exp.Expr:
    """`col IN (...)`; an empty value in the list matches an empty cell (SQL's IN never
    matches NULL, which would silently drop it)."""
    present = [v for v in values if v is not None]
    parts: list[exp.Expr] = []
    if present:
        parts.append(exp.In(this=column, expressions=[literal(v) for v in present]))
    if len(present) < len(values):
        parts.append(exp.Is(this=column, expression=exp.Null()))
    return exp.or_(*parts) if parts else exp.false()


def _none_of(column: exp.Expression, values: list[Any]) -> exp.Expr:
    """Anything but `values`. An empty cell is not an excluded value, so it stays in,
    unless an empty value is itself excluded."""
    present = [v for v in values if v is not None]
    is_null = exp.Is(this=column, expression=exp.Null())
    if len(present) < len(values):
        if not present:
            return exp.not_(is_null)
        excluded = exp.In(this=column, expressions=[literal(v) for v in present])
        return exp.and_(exp.not_(is_null), exp.not_(excluded))
    excluded = exp.In(this=column, expressions=[literal(v) for v in present])
    return exp.or_(is_null, exp.not_(excluded))


@dataclass
class Query:
    """A people query under construction: base table, joins, and where conditions."""

    data: DataConfig
    table_ref: TableRef
    root: str
    as_of: dt.date
    target: str | None = None  # TABLE.COLUMN ranked by `top`
    paths: Paths = field(init=False)
    filters: list[exp.Expr] = field(default_factory=list)
    inner: set[str] = field(default_factory=set)  # one-to-many tables joined, not EXISTS'd

    def __post_init__(self) -> None:
        if self.root not in self.data.tables:
            more = hint(self.root, self.data.tables)
            raise WorkspaceError(f"no table {self.root!r} in data.tables{more}")
        self.paths = paths_from(self.data, self.root)
        if self.target is not None:
            # Ranking values of a "many" table joins it, so that conditions on that
            # table apply to the very rows whose values are counted.
            table = split_column(self.target)[0]
            self.reachable(table)
            if table not in self.paths.joined:
                self.inner.add(table)

    def reachable(self, table: str) -> None:
        """WorkspaceError unless `table` is declared and a relation leads there from the root."""
        if table not in self.data.tables:
            raise WorkspaceError(
                f"no table {table!r} in data.tables{hint(table, self.data.tables)}"
            )
        if table not in self.paths.joined and table not in self.paths.exists:
            raise WorkspaceError(f"no relation leads from {self.root} to {table}")

    def where(self, conditions: Mapping[str, Condition]) -> Query:
        """Add `conditions` (TABLE.COLUMN → condition); returns the query for chaining."""
        by_exists: dict[str, list[exp.Expr]] = {}
        for name, cond in conditions.items():
            table, column = split_column(name)
            self.reachable(table)
            expression = condition(col(table, column), cond, self.as_of)
            if table in self.paths.joined or table in self.inner:
                self.filters.append(expression)
            else:
                by_exists.setdefault(table, []).append(expression)
        for table, exprs in by_exists.items():
            many_t, many_c, one_t, one_c = self.paths.exists[table]
            sub = (
                exp.select(exp.Literal.number(1))
                .from_(self.table_ref(table))
                .where(
                    exp.and_(exp.EQ(this=col(many_t, many_c), expression=col(one_t, one_c)), *exprs)
                )
            )
            self.filters.append(exp.Exists(this=sub))
        return self

    def base(self, select: list[exp.Expr]) -> exp.Select:
        """SELECT `select` from the root table with its joins and conditions applied."""
        query = exp.select(*select).from_(self.table_ref(self.root))
        for many_t, many_c, one_t, one_c in self._needed_joins([*select, *self.filters]):
            on = exp.EQ(this=col(many_t, many_c), expression=col(one_t, one_c))
            query = query.join(self.table_ref(one_t), on=on, join_type="left")
        for table in sorted(self.inner):
            many_t, many_c, one_t, one_c = self.paths.exists[table]
            on = exp.EQ(this=col(many_t, many_c), expression=col(one_t, one_c))
            query = query.join(self.table_ref(table), on=on, join_type="inner")
        if self.filters:
            query = query.where(exp.and_(*self.filters))
        return query

    def _needed_joins(self, expressions: list[exp.Expr]) -> list[tuple[str, str, str, str]]:
        """The many-to-one joins some expression needs (with those on the way to them):
        a joined table nobody reads only costs time, and a many-to-one left join neither
        drops nor, under DISTINCT keys, adds people."""
        needed = {
            column.table
            for expression in expressions
            for column in expression.find_all(exp.Column)
            if column.table
        }
        needed |= {self.paths.exists[table][2] for table in self.inner}
        keep = []
        for join in reversed(self.paths.joins):
            if join[2] in needed:
                keep.append(join)
                needed.add(join[0])
        return keep[::-1]

    @property
    def key(self) -> exp.Column:
        """The root table's key column, which identifies a person."""
        return col(self.root, self.data.tables[self.root].key)

    def members(self) -> exp.Select:
        """SELECT the distinct keys of the matching people, sorted."""
        return self.base([exp.alias_(self.key, "key")]).distinct().order_by(exp.column("key"))

    def size(self) -> exp.Select:
        """SELECT how many distinct people match."""
        return self.base([exp.alias_(exp.Count(this=exp.Distinct(expressions=[self.key])), "n")])

    def means(self, columns: list[str]) -> exp.Select:
        """SELECT the number of people and the mean of each of `columns` over them."""
        select = [exp.alias_(exp.Count(this=exp.Distinct(expressions=[self.key])), "n")]
        for i, name in enumerate(columns):
            table, column = split_column(name)
            self.reachable(table)
            if table not in self.paths.joined:
                raise WorkspaceError(
                    f"track: {name} is not one value per person (many rows per {self.root})"
                )
            value = exp.Cast(this=col(table, column), to=exp.DataType.build("DOUBLE"))
            select.append(exp.alias_(exp.Avg(this=value), f"m{i}"))
        return self.base(select)

    def top(self, limit: int) -> exp.Select:
        """Values of the target column ranked by how many distinct people have them."""
        assert self.target is not None
        table, column = split_column(self.target)
        value = col(table, column)
        self.filters.append(exp.not_(exp.Is(this=value, expression=exp.Null())))
        people = exp.Count(this=exp.Distinct(expressions=[self.key]))
        return (
            self.base([exp.alias_(value, "value"), exp.alias_(people, "people")])
            .group_by(value)
            .order_by(exp.Ordered(this=exp.column("people"), desc=True), exp.column("value"))
            .limit(limit)
        )
