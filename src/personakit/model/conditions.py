"""A `where` entry parsed: what a segment, a data count or `--where` asks of one column.

A file writes a value, a list of values, or a mapping of operators; loading turns each
into a `Condition`, a conjunction of typed tests, or refuses it with a message. Every
consumer (SQL compilation, type checks against the data, the words on a segment page)
matches on the tests and never reads the YAML shape again.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

from .dates import DateError, parse_date, parse_days
from .names import UnknownName

OPERATORS = ("min", "max", "before", "after", "within", "not", "exists")

# What a condition may compare a column with; dates come from YAML or ISO text.
Value = str | int | float | bool | dt.date | None


@dataclass(frozen=True)
class Equals:
    """The column holds one of `values`; an empty value (None) matches an empty cell."""

    values: tuple[Value, ...]


@dataclass(frozen=True)
class Bound:
    """`min` and `max` include the value; `before` and `after` exclude it."""

    op: Literal["min", "max", "before", "after"]
    value: Value


@dataclass(frozen=True)
class Within:
    """A date from the as-of date to `days` after it (negative: before it), inclusive."""

    days: int


@dataclass(frozen=True)
class Excludes:
    """Anything but `values`; an empty cell stays in unless None is among them."""

    values: tuple[Value, ...]


@dataclass(frozen=True)
class Exists:
    """The cell is set (`present`) or empty."""

    present: bool


Test = Equals | Bound | Within | Excludes | Exists


@dataclass(frozen=True)
class Condition:
    """One `where` entry: every test holds."""

    tests: tuple[Test, ...]

    def values(self) -> list[tuple[str, Value]]:
        """(operator, value) for every value compared with the column: "value" for
        equality, else the operator's name; for checks against a column's type."""
        out: list[tuple[str, Value]] = []
        for test in self.tests:
            if isinstance(test, Equals):
                out += [("value", v) for v in test.values]
            elif isinstance(test, Excludes):
                out += [("not", v) for v in test.values]
            elif isinstance(test, Bound):
                out.append((test.op, test.value))
        return out


def parse_condition(raw: Any) -> Condition:
    """The condition `raw` (as a file or `--where` wrote it) asks for; ValueError saying why
    it asks for nothing sensible.

    A value, a non-empty list of values, or a mapping of OPERATORS with a fitting value
    each; nothing nested, no NaN or infinity, no `within` beyond the calendar.
    """
    if isinstance(raw, Condition):
        return raw
    if isinstance(raw, dict):
        if not raw:
            raise ValueError(f"give at least one operator ({', '.join(OPERATORS)})")
        return Condition(tuple(_test(op, value) for op, value in raw.items()))
    if isinstance(raw, list):
        return Condition((Equals(_values(raw, "the list")),))
    return Condition((Equals((_scalar(raw, "the value"),)),))


def _test(op: Any, value: Any) -> Test:
    if op in ("min", "max"):
        _scalar(value, op)
        if value is None or isinstance(value, bool):
            raise ValueError(f"{op}: {value!r} is not a number or a date")
        return Bound(op, value)
    if op in ("before", "after"):
        _scalar(value, op)
        value = date_or_value(value)
        if isinstance(value, str) or value is None or isinstance(value, bool):
            raise ValueError(f"{op}: {value!r} is not a date (YYYY-MM-DD) or a number")
        return Bound(op, value)
    if op == "within":
        return Within(parse_within(value))
    if op == "not":
        if isinstance(value, list):
            return Excludes(_values(value, "not"))
        return Excludes((_scalar(value, "not"),))
    if op == "exists":
        if not isinstance(value, bool):
            raise ValueError(f"exists: {value!r} is not true or false")
        return Exists(value)
    raise UnknownName(
        f"unknown operator {op!r} (known: {', '.join(OPERATORS)})", str(op), OPERATORS
    )


def _values(values: list[Any], what: str) -> tuple[Value, ...]:
    if not values:
        raise ValueError(f"{what} is empty, so nothing could match")
    return tuple(_scalar(value, what) for value in values)


def _scalar(value: Any, what: str) -> Value:
    if isinstance(value, dict | list):
        kind = "mapping" if isinstance(value, dict) else "list"
        raise ValueError(f"{what}: a value is expected here, not a {kind}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{what}: {value!r} is not a finite number")
    if not isinstance(value, str | int | float | bool | dt.date | None):
        raise ValueError(f"{what}: {value!r} is not a value personakit can compare")
    return value


def parse_within(value: Any) -> int:
    """`90d` → 90 (days ahead of as-of); `-30d` → -30 (days before it); `0d` the day itself.

    The parsing is `dates.parse_days`; this names the field in the message."""
    try:
        return parse_days(value)
    except DateError as exc:
        raise ValueError(f"within: {exc}") from None


def within_range(as_of: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The dates from `as_of` to `days` after it (or before it), in order; ValueError when
    the range leaves the calendar (9999-12-31 + 90 days)."""
    try:
        end = as_of + dt.timedelta(days=days)
    except OverflowError:
        side = "after 9999-12-31" if days > 0 else "before 0001-01-01"
        raise ValueError(
            f"within: {days}d from {as_of.isoformat()} would end {side}; "
            "choose another as-of date or a shorter span"
        ) from None
    low, high = sorted((as_of, end))
    return low, high


def date_or_value(value: Any) -> Any:
    """`before`/`after` take dates (2026-10-01) and also plain numbers; a text that is an
    ISO date becomes that date, any other text stays text."""
    if isinstance(value, str):
        try:
            return parse_date(value.strip())
        except DateError:
            return value
    return value
