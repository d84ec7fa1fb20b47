"""Dates and durations from the command line and the workspace, and arithmetic that
cannot overflow. The one `YYYY-MM-DD` parser (`parse_date`) and the one `90d` duration
parser (`parse_days`); a leaf module (standard library only), so any layer may use it.

Python's dates run from 0001-01-01 to 9999-12-31 and raise OverflowError one day past
either end. A user may pin `--as-of 9999-12-31` or set an age limit of a million days;
the answer they expect is "nothing is that old" (or "everything is"), not a crash. So
every "N days before/after" personakit computes goes through `days_before` and
`days_after`, which stop at the ends of the calendar instead.
"""

from __future__ import annotations

import datetime as dt
import re

# The largest number of days a setting may hold: about 270 years, more than any age
# limit needs (a rule that should never fire is turned `off`), and small enough that
# "today minus this" stays inside the calendar for anyone running personakit now.
MAX_DAYS = 100_000

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# ASCII digits only: `\d` would take `٧d` or a full-width `０d` for a number of days.
_DURATION = re.compile(r"\s*([+-]?[0-9]{1,12})\s*d\s*")
# A step's `within` as the persona schema writes it: no sign but `+`, no spaces.
STRICT_DURATION = re.compile(r"\+?[0-9]+d")
# The calendar holds dates from 0001-01-01 to 9999-12-31: no duration can span more.
CALENDAR_DAYS = (dt.date.max - dt.date.min).days


class DateError(ValueError):
    """Text that is not a date personakit accepts; the message is one line for the user."""


def parse_date(text: str) -> dt.date:
    """`YYYY-MM-DD` as a date; anything else (other ISO forms included) is a DateError.

    Only this one spelling is accepted so that a date means the same on every command
    and in every file, and `2026-W48` or `20261124` are not silently read as days.
    """
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise DateError(f"{_show(text)} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(
            f"{_show(text)} is not a date in the calendar (YYYY-MM-DD, 0001-01-01 to 9999-12-31)"
        ) from None


def parse_days(value: object) -> int:
    """A duration in days, as `within` takes it: `90d` → 90, `-30d` → -30, `0d` → 0.

    Anything else is a DateError: a bare number (the unit is required so that a
    duration is never mistaken for a count), YAML's `yes`, or more days than the
    calendar holds.
    """
    # YAML's `yes` is not a duration, whatever str() makes of it
    text = "" if isinstance(value, bool) else str(value)
    match = _DURATION.fullmatch(text)
    if match is None:
        raise DateError(f"{value!r} is not a number of days such as 90d or -30d")
    days = int(match.group(1))
    if abs(days) > CALENDAR_DAYS:
        raise DateError(f"{value!r} is more days than the calendar holds")
    return days


def days_before(day: dt.date, days: int) -> dt.date:
    """`days` days before `day`, or 0001-01-01 if that is earlier than the calendar goes."""
    if days < 0:
        return days_after(day, -days)
    if days > (day - dt.date.min).days:
        return dt.date.min
    return day - dt.timedelta(days=days)


def days_after(day: dt.date, days: int) -> dt.date:
    """`days` days after `day`, or 9999-12-31 if that is later than the calendar goes."""
    if days < 0:
        return days_before(day, -days)
    if days > (dt.date.max - day).days:
        return dt.date.max
    return day + dt.timedelta(days=days)


def check_days(value: object) -> str | None:
    """Why `value` cannot be a number of days (None when it can): a whole number from 0
    to MAX_DAYS. Bools are refused although Python counts them as ints."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "expected a whole number of days"
    if value < 0:
        return f"must be 0 or more days (got {value})"
    if value > MAX_DAYS:
        return f"must be at most {MAX_DAYS} days, about 270 years (got {_short(value)})"
    return None


def _show(text: object) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else f"{shown[:40]}…{shown[-10:]}"


def _short(value: int) -> str:
    # str() of an int of thousands of digits raises; nobody needs to see it anyway.
    return str(value) if value < 10**30 else "a number of more than 30 digits"
