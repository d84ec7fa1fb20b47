"""A playbook's answers as plain data: each member's states, the counts per step, the
members at risk. Counted here in Python from member states when they come from a
snapshot; the live counts come from the engine in one query (playbooks.summary) and
fill the same shapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# A step's states, in the order the summary query counts them: model.playbook.STATES,
# written out so that a playbook answered from its kept plan (data/plans.py) imports no
# model (a test pins the two equal).
STATES = ("done", "late", "scheduled", "open", "at_risk")


@dataclass(frozen=True)
class StepCounts:
    """How many members with a start are in each state of one step."""

    id: str
    done: int
    late: int
    scheduled: int
    open: int
    at_risk: int

    def as_dict(self) -> dict[str, Any]:
        """The step as `--format json` prints it: id, then the states in STATES order."""
        return {"id": self.id, **{state: getattr(self, state) for state in STATES}}


@dataclass(frozen=True)
class Summary:
    """A playbook's counts as of a date: `members` of the segment, `no_start` of them
    without a start date (left out of the steps), `at_risk` members on any step."""

    persona: str
    as_of: dt.date
    members: int
    no_start: int
    at_risk: int
    steps: list[StepCounts]

    def as_dict(self) -> dict[str, Any]:
        """The exact `--format json` shape."""
        return {
            "persona": self.persona,
            "as_of": self.as_of.isoformat(),
            "members": self.members,
            "no_start": self.no_start,
            "at_risk_members": self.at_risk,
            "steps": [step.as_dict() for step in self.steps],
        }


@dataclass(frozen=True)
class AtRisk:
    """A member at risk: its key, the steps at risk (playbook order), the most days overdue."""

    key: str
    steps: list[str]
    days_overdue: int

    def as_dict(self) -> dict[str, Any]:
        """As `--at-risk --format json` prints it."""
        return {"key": self.key, "steps": self.steps, "days_overdue": self.days_overdue}


@dataclass(frozen=True)
class MemberState:
    """One member: key, start (None: no start), and per step its state and due date."""

    key: str
    start: dt.date | None
    states: tuple[str | None, ...]
    dues: tuple[dt.date | None, ...]


def summarise(
    persona: str, as_of: dt.date, step_ids: list[str], members: list[MemberState]
) -> Summary:
    """The counts of `members`' states, as the engine's summary query counts them."""
    steps = []
    for i, step_id in enumerate(step_ids):
        tally = dict.fromkeys(STATES, 0)
        for member in members:
            state = member.states[i]
            if state in tally:
                tally[state] += 1
        steps.append(StepCounts(step_id, *(tally[state] for state in STATES)))
    return Summary(
        persona,
        as_of,
        members=len(members),
        no_start=sum(1 for m in members if m.start is None),
        at_risk=sum(1 for m in members if "at_risk" in m.states),
        steps=steps,
    )


def at_risk_members(
    members: list[MemberState], step_ids: list[str], wanted: list[int], as_of: dt.date
) -> list[AtRisk]:
    """The members at risk on one of the `wanted` steps (indexes), with those steps and
    the most days overdue among them; most overdue first, then by key."""
    out = []
    for member in members:
        late = [i for i in wanted if member.states[i] == "at_risk"]
        if not late:
            continue
        overdue = max((as_of - due).days for i in late if (due := member.dues[i]) is not None)
        out.append(AtRisk(member.key, [step_ids[i] for i in late], overdue))
    out.sort(key=lambda member: (-member.days_overdue, member.key))
    return out


def summary_of(persona: str, as_of: dt.date, step_ids: list[str], row: tuple[Any, ...]) -> Summary:
    """The counts of the engine's summary query (`PlaybookQuery.summary`): members,
    no start, at risk, then each step's states in STATES order."""
    values = [int(v or 0) for v in row]
    steps = [
        StepCounts(step_id, *values[3 + i * len(STATES) : 3 + (i + 1) * len(STATES)])
        for i, step_id in enumerate(step_ids)
    ]
    return Summary(persona, as_of, values[0], values[1], values[2], steps)


def member_states(rows: list[tuple[Any, ...]], n: int) -> list[MemberState]:
    """The rows of the engine's states query (`PlaybookQuery.states`) for `n` steps:
    key, start, each step's state, each step's due date."""
    out = []
    for row in rows:
        start = None if row[1] is None else _day(row[1])
        states = tuple(None if s is None else str(s) for s in row[2 : 2 + n])
        dues = tuple(None if d is None else _day(d) for d in row[2 + n : 2 + 2 * n])
        out.append(MemberState(str(row[0]), start, states, dues))
    return out


def _day(value: Any) -> dt.date:
    """An engine's date (a date, a timestamp, or ISO text) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
