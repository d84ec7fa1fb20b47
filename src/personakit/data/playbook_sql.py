"""A playbook compiled to SQL with sqlglot, on top of its segment's query.

One statement in steps: the segment's members with their start date and the columns
dated rows join on; for each dated table, the members joined to its rows through the
declared relation (to the member's own row, or to a parent such as the member's
account) and grouped per member, giving each step's earliest day carried out and
earliest day scheduled; then each step's state per member; then either the counts or
the members at risk. Joining the members first means only their rows are grouped, not
the whole table.

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
# One row per member: a key on two rows of its table (two starts, or two parents) is
# one member, from its earliest start, as the segment counts it once.
STARTS = "personakit_starts"
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
    """One dated table's pass: how its rows reach a member, and the columns it yields."""

    table: str
    link: tuple[str, str, str, str]  # many_t, many_c, one_t, one_c
    alias: str  # the CTE's name
    member_column: str  # the members' column the rows join on (their own key, a parent's)
    columns: list[exp.Expr] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # done_0, scheduled_1, ...


@dataclass
class PlaybookQuery:
    """The playbook of a segment (its `Query`) as of the query's as-of date."""

    query: Query
    playbook: Playbook
    _passes: dict[str, _Rows] = field(default_factory=dict, init=False)

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

    def _plan(self) -> dict[str, _Rows]:
        """One pass per dated table, each step's done and scheduled columns in it."""
        if self._passes:
            return self._passes
        data = self.query.data
        links: dict[tuple[str, str], str] = {}
        for i, step in enumerate(self.playbook.steps):
            for kind, conditions in (("done", step.done_when), ("scheduled", step.scheduled_when)):
                if not conditions:
                    continue
                table = next(iter(conditions)).split(".", 1)[0]
                rows = self._passes.get(table)
                if rows is None:
                    link = self._link(table)
                    member_column = links.setdefault(link[2:], f"link_{len(links)}")
                    alias = f"personakit_rows_{len(self._passes)}"
                    rows = self._passes[table] = _Rows(table, link, alias, member_column)
                time = data.tables[table].time
                assert time is not None  # checked before any query (playbook_problem)
                tests = [
                    condition(col(*split_column(name)), cond, self.as_of)
                    for name, cond in conditions.items()
                ]
                first = exp.Min(this=exp.Case().when(exp.and_(*tests), as_day(col(table, time))))
                rows.columns.append(exp.alias_(first, f"{kind}_{i}", quoted=True))
                rows.steps.append(f"{kind}_{i}")
        return self._passes

    def _members(self) -> exp.Select:
        """Each member's key, start date, and the columns the dated rows join on."""
        start = as_day(col(*split_column(self.playbook.starts)))
        select: list[exp.Expr] = [
            exp.alias_(self.query.key, "key", quoted=True),
            exp.alias_(start, "start", quoted=True),
        ]
        seen: set[str] = set()
        for rows in self._plan().values():
            if rows.member_column not in seen:
                seen.add(rows.member_column)
                _many_t, _many_c, one_t, one_c = rows.link
                select.append(exp.alias_(col(one_t, one_c), rows.member_column, quoted=True))
        return self.query.base(select).distinct()

    def _rows(self, rows: _Rows) -> exp.Select:
        """Per member, the earliest day of each step's matching rows up to the as-of day:
        the members joined to the table first, so only their rows are grouped."""
        many_t, many_c, _one_t, _one_c = rows.link
        time = self.query.data.tables[rows.table].time or ""
        member = exp.column(rows.member_column, MEMBERS, quoted=True)
        key = exp.column("key", MEMBERS, quoted=True)
        return (
            exp.select(exp.alias_(key, "key", quoted=True), *rows.columns)
            .from_(exp.Table(this=ident(MEMBERS)))
            .join(
                self.query.table_ref(rows.table),
                on=exp.EQ(this=col(many_t, many_c), expression=member),
                join_type="inner",
            )
            .where(exp.LTE(this=as_day(col(rows.table, time)), expression=literal(self.as_of)))
            .group_by(key)
        )

    def _states(self) -> exp.Select:
        """Each member's key, start, and per step its state and due date."""
        start = exp.column("start", STARTS, quoted=True)
        today = literal(self.as_of)
        select: list[exp.Expr] = [
            exp.column("key", STARTS, quoted=True),
            start,
        ]
        for i, step in enumerate(self.playbook.steps):
            due = exp.DateAdd(
                this=start, expression=exp.Literal.number(step.within), unit=exp.Var(this="DAY")
            )
            done = self._column(f"done_{i}")
            state = (
                exp.Case()
                .when(_is_null(start), exp.Null())
                .when(exp.LTE(this=done, expression=due), exp.Literal.string("done"))
                .when(exp.not_(_is_null(done)), exp.Literal.string("late"))
                .when(exp.LT(this=due, expression=today), exp.Literal.string("at_risk"))
            )
            if step.scheduled_when:
                scheduled = self._column(f"scheduled_{i}")
                state = state.when(exp.not_(_is_null(scheduled)), exp.Literal.string("scheduled"))
            state = state.else_(exp.Literal.string("open"))
            select += [
                exp.alias_(state, f"state_{i}", quoted=True),
                exp.alias_(due, f"due_{i}", quoted=True),
            ]
        query = exp.select(*select).from_(exp.Table(this=ident(STARTS)))
        for rows in self._plan().values():
            on = exp.EQ(
                this=exp.column("key", rows.alias, quoted=True),
                expression=exp.column("key", STARTS, quoted=True),
            )
            query = query.join(exp.Table(this=ident(rows.alias)), on=on, join_type="left")
        return query

    def _column(self, name: str) -> exp.Column:
        """`done_0`, `scheduled_1`...: a column of the pass that yields it."""
        rows = next(r for r in self._plan().values() if name in r.steps)
        return exp.column(name, rows.alias, quoted=True)

    def _starts(self) -> exp.Select:
        """Each member once, with its earliest start."""
        key = exp.column("key", MEMBERS, quoted=True)
        start = exp.Min(this=exp.column("start", MEMBERS, quoted=True))
        return (
            exp.select(exp.alias_(key, "key", quoted=True), exp.alias_(start, "start", quoted=True))
            .from_(exp.Table(this=ident(MEMBERS)))
            .group_by(key)
        )

    def _with(self, final: exp.Select) -> exp.Select:
        final = final.with_(ident(MEMBERS), as_=self._members())
        final = final.with_(ident(STARTS), as_=self._starts())
        for rows in self._plan().values():
            final = final.with_(ident(rows.alias), as_=self._rows(rows))
        return final.with_(ident(STATES_CTE), as_=self._states())

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
