"""A playbook compiled to SQL with sqlglot, on top of its segment's query.

Three steps, one statement: the segment's members with their start date and, for every
step, the earliest dated row that carries it out and the earliest that schedules it (one
grouped pass over each dated table, joined to the member through the declared relation:
to the member's own row, or to a parent such as the member's account); then each step's
state per member; then either the counts or the members at risk.

Rows dated after the as-of date are left out before anything else, so a past as-of date
reproduces the past. Dates are compared as days: a timestamp counts on its calendar day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlglot import exp

from ..model.playbook import STATES, Playbook
from .sql import Query, col, condition, ident, literal, split_column

MEMBERS = "personakit_members"
STATES_CTE = "personakit_states"


def as_day(value: exp.Expression) -> exp.Expression:
    """`value` as a date: a timestamp's calendar day, a date itself."""
    return exp.Cast(this=value, to=exp.DataType.build("DATE"))


def _zero_or_one(test: exp.Expr) -> exp.Expr:
    return exp.Case().when(test, exp.Literal.number(1)).else_(exp.Literal.number(0))


def _is_null(value: exp.Expr) -> exp.Expr:
    return exp.Is(this=value, expression=exp.Null())


@dataclass
class _Rows:
    """One dated table's grouped pass: the link to the member and the columns it yields."""

    table: str
    link: tuple[str, str, str, str]  # many_t, many_c, one_t, one_c
    alias: str
    columns: list[exp.Expr] = field(default_factory=list)


@dataclass
class PlaybookQuery:
    """The playbook of a segment (its `Query`) as of the query's as-of date."""

    query: Query
    playbook: Playbook

    @property
    def as_of(self) -> dt.date:
        """The day the states are asked for."""
        return self.query.as_of

    def _link(self, table: str) -> tuple[str, str, str, str]:
        """How a row of `table` finds its member: the relation to a table the member joins
        (its own row, or a shared parent), or the table's own key when it is joined."""
        paths = self.query.paths
        if table in paths.joined:
            key = self.query.data.tables[table].key
            return (table, key, table, key)
        return paths.exists[table]

    def _members(self) -> exp.Select:
        """Each member's key, start date, and per step the earliest done and scheduled days."""
        data = self.query.data
        start = as_day(col(*split_column(self.playbook.starts)))
        passes: dict[str, _Rows] = {}
        select: list[exp.Expr] = [
            exp.alias_(self.query.key, "key", quoted=True),
            exp.alias_(start, "start", quoted=True),
        ]
        for i, step in enumerate(self.playbook.steps):
            for kind, conditions in (("done", step.done_when), ("scheduled", step.scheduled_when)):
                if not conditions:
                    continue
                table = next(iter(conditions)).split(".", 1)[0]
                rows = passes.get(table)
                if rows is None:
                    rows = _Rows(table, self._link(table), f"personakit_rows_{len(passes)}")
                    passes[table] = rows
                time = data.tables[table].time
                assert time is not None  # checked before any query (playbook_problem)
                tests = [
                    condition(col(*split_column(name)), cond, self.as_of)
                    for name, cond in conditions.items()
                ]
                day = as_day(col(table, time))
                first = exp.Min(this=exp.Case().when(exp.and_(*tests), day))
                name = f"{kind}_{i}"
                rows.columns.append(exp.alias_(first, name, quoted=True))
                select.append(
                    exp.alias_(exp.column(name, rows.alias, quoted=True), name, quoted=True)
                )
        query = self.query.base(select).distinct()
        for rows in passes.values():
            many_t, many_c, one_t, one_c = rows.link
            link = col(many_t, many_c)
            grouped = (
                exp.select(exp.alias_(link, "personakit_link", quoted=True), *rows.columns)
                .from_(self.query.table_ref(rows.table))
                .where(
                    exp.LTE(
                        this=as_day(col(rows.table, data.tables[rows.table].time or "")),
                        expression=literal(self.as_of),
                    )
                )
                .group_by(link)
            )
            on = exp.EQ(
                this=exp.column("personakit_link", rows.alias, quoted=True),
                expression=col(one_t, one_c),
            )
            query = query.join(grouped.subquery(rows.alias), on=on, join_type="left")
        return query

    def _states(self) -> exp.Select:
        """Each member's key, start, and per step its state and due date."""
        start = exp.column("start", MEMBERS, quoted=True)
        today = literal(self.as_of)
        select: list[exp.Expr] = [
            exp.column("key", MEMBERS, quoted=True),
            start,
        ]
        for i, step in enumerate(self.playbook.steps):
            due = exp.DateAdd(
                this=start, expression=exp.Literal.number(step.within), unit=exp.Var(this="DAY")
            )
            done = exp.column(f"done_{i}", MEMBERS, quoted=True)
            state = (
                exp.Case()
                .when(_is_null(start), exp.Null())
                .when(exp.LTE(this=done, expression=due), exp.Literal.string("done"))
                .when(exp.not_(_is_null(done)), exp.Literal.string("late"))
                .when(exp.LT(this=due, expression=today), exp.Literal.string("at_risk"))
            )
            if step.scheduled_when:
                scheduled = exp.column(f"scheduled_{i}", MEMBERS, quoted=True)
                state = state.when(exp.not_(_is_null(scheduled)), exp.Literal.string("scheduled"))
            state = state.else_(exp.Literal.string("open"))
            select += [
                exp.alias_(state, f"state_{i}", quoted=True),
                exp.alias_(due, f"due_{i}", quoted=True),
            ]
        return exp.select(*select).from_(exp.Table(this=ident(MEMBERS)))

    def _with(self, final: exp.Select) -> exp.Select:
        return final.with_(ident(MEMBERS), as_=self._members()).with_(
            ident(STATES_CTE), as_=self._states()
        )

    def _at_risk_test(self, steps: list[int]) -> exp.Expr:
        return exp.or_(
            *[
                exp.EQ(
                    this=exp.column(f"state_{i}", STATES_CTE, quoted=True),
                    expression=exp.Literal.string("at_risk"),
                )
                for i in steps
            ]
        )

    def summary(self) -> exp.Select:
        """One row: members, members without a start, members at risk, then for every
        step the number in each of STATES, in that order."""
        every = list(range(len(self.playbook.steps)))
        select: list[exp.Expr] = [
            exp.alias_(exp.Count(this=exp.Star()), "members", quoted=True),
            exp.alias_(
                exp.Sum(this=_zero_or_one(_is_null(exp.column("start", STATES_CTE, quoted=True)))),
                "no_start",
                quoted=True,
            ),
            exp.alias_(
                exp.Sum(this=_zero_or_one(self._at_risk_test(every))), "at_risk", quoted=True
            ),
        ]
        for i in every:
            state = exp.column(f"state_{i}", STATES_CTE, quoted=True)
            for name in STATES:
                test = exp.EQ(this=state, expression=exp.Literal.string(name))
                select.append(
                    exp.alias_(exp.Sum(this=_zero_or_one(test)), f"{name}_{i}", quoted=True)
                )
        return self._with(exp.select(*select).from_(exp.Table(this=ident(STATES_CTE))))

    def states(self, at_risk_on: list[int] | None = None) -> exp.Select:
        """Each member's key, start, every step's state and, where it is at risk, its due
        date (in that order), by key; with `at_risk_on` (step indexes), only the members at risk
        on one of those steps."""
        n = len(self.playbook.steps)
        select: list[exp.Expr] = [
            exp.column("key", STATES_CTE, quoted=True),
            exp.column("start", STATES_CTE, quoted=True),
            *[exp.column(f"state_{i}", STATES_CTE, quoted=True) for i in range(n)],
            # A due date only where it is past (at risk): one far in the future may be
            # beyond what the driver can hand back as a date.
            *[
                exp.alias_(
                    exp.Case().when(
                        exp.EQ(
                            this=exp.column(f"state_{i}", STATES_CTE, quoted=True),
                            expression=exp.Literal.string("at_risk"),
                        ),
                        exp.column(f"due_{i}", STATES_CTE, quoted=True),
                    ),
                    f"due_{i}",
                    quoted=True,
                )
                for i in range(n)
            ],
        ]
        final = exp.select(*select).from_(exp.Table(this=ident(STATES_CTE)))
        if at_risk_on is not None:
            final = final.where(self._at_risk_test(at_risk_on))
        return self._with(final.order_by(exp.column("key", STATES_CTE, quoted=True)))
