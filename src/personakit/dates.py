"""The one date and duration parser: it lives in `personakit.model.dates`, because the
file formats need it and the model imports nothing else from personakit; this module
keeps the neutral import path for everything outside the model."""

from __future__ import annotations

from .model.dates import (
    CALENDAR_DAYS,
    MAX_DAYS,
    DateError,
    check_days,
    days_after,
    days_before,
    parse_date,
    parse_days,
)

__all__ = [
    "CALENDAR_DAYS",
    "MAX_DAYS",
    "DateError",
    "check_days",
    "days_after",
    "days_before",
    "parse_date",
    "parse_days",
]
