"""The `data:` block and `segment:` models now live in `personakit.model.data`;
this module keeps the old import path working."""

from __future__ import annotations

from ..model.data import (
    OPERATORS,
    SPARK_MASTERS,
    ColumnName,
    Conditions,
    DataConfig,
    Relation,
    Segment,
    TableConfig,
    as_date,
    check_column,
    check_condition,
    check_spark_master,
    date_or_value,
    parse_within,
    within_range,
)

__all__ = [
    "OPERATORS",
    "SPARK_MASTERS",
    "ColumnName",
    "Conditions",
    "DataConfig",
    "Relation",
    "Segment",
    "TableConfig",
    "as_date",
    "check_column",
    "check_condition",
    "check_spark_master",
    "date_or_value",
    "parse_within",
    "within_range",
]
