"""The `data:` block and `segment:` models now live in `personakit.model.data`;
this module keeps the old import path working."""

from __future__ import annotations

from ..model.data import (
    MAX_DAYS,
    OPERATORS,
    ColumnName,
    Conditions,
    DataConfig,
    Relation,
    Segment,
    TableConfig,
    as_date,
    check_column,
    check_condition,
    date_or_value,
    parse_within,
    within_range,
)

__all__ = [
    "MAX_DAYS",
    "OPERATORS",
    "ColumnName",
    "Conditions",
    "DataConfig",
    "Relation",
    "Segment",
    "TableConfig",
    "as_date",
    "check_column",
    "check_condition",
    "date_or_value",
    "parse_within",
    "within_range",
]
