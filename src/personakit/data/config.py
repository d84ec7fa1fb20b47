"""The `data:` block and `segment:` models now live in `personakit.model.data` and
`personakit.model.conditions`; this module keeps the old import path working."""

from __future__ import annotations

from ..model.conditions import (
    OPERATORS,
    Bound,
    Condition,
    Equals,
    Excludes,
    Exists,
    Within,
    date_or_value,
    parse_condition,
    parse_within,
    within_range,
)
from ..model.data import (
    SPARK_MASTERS,
    ColumnName,
    Conditions,
    DataConfig,
    Relation,
    Segment,
    TableConfig,
    as_date,
    check_column,
    check_spark_master,
)

__all__ = [
    "OPERATORS",
    "SPARK_MASTERS",
    "Bound",
    "ColumnName",
    "Condition",
    "Conditions",
    "DataConfig",
    "Equals",
    "Excludes",
    "Exists",
    "Relation",
    "Segment",
    "TableConfig",
    "Within",
    "as_date",
    "check_column",
    "check_spark_master",
    "date_or_value",
    "parse_condition",
    "parse_within",
    "within_range",
]
