"""A persona's `playbook:` block, as models: the steps its segment's members should go
through, each due some days after the member's start and carried out by a dated row.

Everything a file alone can refuse is refused here, at load, so that it is a PK002 at
its own line before any engine runs: a `within` that is not a number of days, a
condition that does not parse, conditions spread over several tables.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from .conditions import Condition
from .data import ColumnName, Conditions
from .dates import STRICT_DURATION, DateError, parse_days
from .names import ID_PATTERN

# The states a member's step is in as of a date, in the order pages and tables show them.
STATES = ("done", "late", "scheduled", "open", "at_risk")


def _days(value: Any) -> int:
    """`14d` → 14: how long after the start a step is due; never before the start."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f"{value!r} has no unit: write {value}d")
    try:
        days = parse_days(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None
    if days >= 0 and not STRICT_DURATION.fullmatch(str(value)):
        raise ValueError(f"{value!r} is not written as a number of days such as 7d")
    if days < 0:
        raise ValueError(f"{value!r} is before the start: a step is due 0d or more after it")
    return days


def _one_table(conditions: dict[str, Condition]) -> dict[str, Condition]:
    """The conditions of `done_when`/`scheduled_when` test the rows of one dated table."""
    if not conditions:
        raise ValueError("give at least one condition (TABLE.COLUMN: value)")
    tables = sorted({name.split(".", 1)[0] for name in conditions})
    if len(tables) > 1:
        raise ValueError(
            f"conditions name {' and '.join(tables)}: all of them test the rows of one "
            "dated table (the one whose `time` column dates the step)"
        )
    return conditions


Days = Annotated[
    int,
    BeforeValidator(_days),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\+?[0-9]+d$",
            "description": "days after the start the step is due, e.g. 14d",
        }
    ),
]
RowConditions = Annotated[Conditions, AfterValidator(_one_table)]


class PlaybookStep(BaseModel):
    """One step: due `within` days after the start, carried out when a `done_when` row appears."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    text: str
    within: Days
    done_when: RowConditions
    scheduled_when: RowConditions | None = None
    because: list[str] = Field(
        default_factory=list,
        description="ids of this persona's claims: why the step matters (PK404)",
    )

    @property
    def done_table(self) -> str:
        """The table whose rows carry the step out."""
        return next(iter(self.done_when)).split(".", 1)[0]

    @property
    def scheduled_table(self) -> str | None:
        """The table whose rows say the step is scheduled, if any."""
        if not self.scheduled_when:
            return None
        return next(iter(self.scheduled_when)).split(".", 1)[0]


class Playbook(BaseModel):
    """`playbook:`: when a member's clock starts, and the steps due after it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    starts: ColumnName = Field(
        description="TABLE.COLUMN: a date of the segment's table or of a table it joins to"
    )
    steps: list[PlaybookStep] = Field(min_length=1)
