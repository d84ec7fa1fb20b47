"""The `data:` block of `personakit.yaml` and a persona's `segment:` block, as models.

These models are plain pydantic and import no engine: lint validates them always.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")
_RELATION = re.compile(
    r"^\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*->\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*$"
)
OPERATORS = ("min", "max", "before", "after", "within", "not", "exists")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableConfig(_Strict):
    """A table: a CSV, Parquet or JSON-lines file in the workspace, or a table in the engine."""

    path: str | None = None
    table: str | None = None
    key: str

    @model_validator(mode="after")
    def _one_source(self) -> TableConfig:
        if (self.path is None) == (self.table is None):
            raise ValueError("a table has either `path` (a file) or `table` (in the engine)")
        return self


class Relation(_Strict):
    """`requests.user_id -> users.user_id`: many rows of the left to one of the right."""

    many_table: str
    many_column: str
    one_table: str
    one_column: str


class DataConfig(_Strict):
    engine: str = "duckdb"
    tables: dict[str, TableConfig]
    relations: Annotated[
        list[Relation],
        WithJsonSchema(
            {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": r"^\s*\w+\.\w+\s*->\s*\w+\.\w+\s*$",
                    "description": "MANY_TABLE.COLUMN -> ONE_TABLE.COLUMN",
                },
            }
        ),
    ] = Field(default_factory=list)
    people: str | None = None  # the table whose rows are people (default: the first)
    min_group_size: int = 5  # --public render hides smaller groups

    @field_validator("tables")
    @classmethod
    def _table_names(cls, tables: dict[str, TableConfig]) -> dict[str, TableConfig]:
        for name in tables:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"table name {name!r} must be letters, digits and _")
        if not tables:
            raise ValueError("declare at least one table")
        return tables

    @field_validator("relations", mode="before")
    @classmethod
    def _parse_relations(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        out = []
        for item in value:
            if isinstance(item, str):
                match = _RELATION.match(item)
                if match is None:
                    raise ValueError(f"{item!r} is not TABLE.COLUMN -> TABLE.COLUMN")
                item = dict(
                    zip(
                        ("many_table", "many_column", "one_table", "one_column"),
                        match.groups(),
                        strict=True,
                    )
                )
            out.append(item)
        return out

    @property
    def people_table(self) -> str:
        return self.people or next(iter(self.tables))


Condition = Any  # a value, a list of values, or a mapping of OPERATORS


class Segment(_Strict):
    """Which rows of `of` are this persona right now: every `where` condition holds."""

    of: str
    where: dict[str, Condition] = Field(default_factory=dict)
    track: list[str] = Field(default_factory=list)

    @field_validator("where")
    @classmethod
    def _columns(cls, where: dict[str, Any]) -> dict[str, Any]:
        for column, condition in where.items():
            check_column(column)
            check_condition(condition)
        return where

    @field_validator("track")
    @classmethod
    def _tracked(cls, track: list[str]) -> list[str]:
        for column in track:
            check_column(column)
        return track


def check_column(column: str) -> None:
    if not _COLUMN.match(column):
        raise ValueError(f"{column!r} is not TABLE.COLUMN")


def check_condition(condition: Any) -> None:
    if isinstance(condition, dict):
        unknown = set(condition) - set(OPERATORS)
        if unknown:
            raise ValueError(
                f"unknown operator {sorted(unknown)[0]!r} (known: {', '.join(OPERATORS)})"
            )
        within = condition.get("within")
        if within is not None:
            parse_within(within)


def parse_within(value: Any) -> int:
    """`90d` → 90 (days ahead of as-of); `-30d` → -30 (days before it)."""
    match = re.fullmatch(r"\s*(-?\d+)\s*d\s*", str(value))
    if match is None:
        raise ValueError(f"within: {value!r} is not a number of days such as 90d or -30d")
    return int(match.group(1))


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
