"""The `data:` block of `personakit.yaml` and a persona's `segment:` block, as models.

These models are plain pydantic and import no engine: lint validates them always.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .conditions import Condition, parse_condition
from .dates import parse_date

_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")
_RELATION = re.compile(
    r"^\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*->\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*$"
)
# Where Spark runs: local threads, a local test cluster, a standalone master, YARN or
# Kubernetes. Anything else is refused when the config is read, not when Spark starts.
_SPARK_MASTER = re.compile(
    r"local(\[(\d+|\*)(,\d+)?\])?|local-cluster\[\d+,\d+,\d+\]"
    r"|spark://[\w.-]+:\d+(,[\w.-]+:\d+)*|yarn|k8s://\S+"
)
SPARK_MASTERS = "local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableConfig(_Strict):
    """A table: a CSV, Parquet or JSON-lines file in the workspace, or a table in the engine."""

    path: str | None = None
    table: str | None = None
    key: str
    # Column → what it means, in words: rendered charts label a tracked metric with it
    # ("Active days in the last 28 days" for `active_days_28`).
    descriptions: dict[str, str] = Field(default_factory=dict)
    time: str | None = Field(
        default=None,
        description="the column that dates the table's rows (a date or timestamp), "
        "for a playbook step's done_when and scheduled_when",
    )

    @model_validator(mode="after")
    def _one_source(self) -> TableConfig:
        if (self.path is None) == (self.table is None):
            raise ValueError("a table has either `path` (a file) or `table` (in the engine)")
        return self

    @field_validator("time")
    @classmethod
    def _time_column(cls, time: str | None) -> str | None:
        if time is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", time):
            raise ValueError(f"time: {time!r} must be a column name (letters, digits and _)")
        return time

    @field_validator("path")
    @classmethod
    def _relative(cls, path: str | None) -> str | None:
        # A cloned workspace names these paths: they must stay inside it by their very
        # spelling; links are checked when the file is opened (engine.py).
        if path is None:
            return path
        if not path.strip() or "\x00" in path:
            raise ValueError("name a file of the workspace, such as data/users.csv")
        if PurePosixPath(path).is_absolute() or re.match(r"^[A-Za-z]:|^\\\\", path):
            raise ValueError(f"{path!r} is absolute; name a file relative to the workspace")
        if ".." in re.split(r"[/\\]", path):
            raise ValueError(f"{path!r} goes up with '..'; name a file inside the workspace")
        return path


class Relation(_Strict):
    """`requests.user_id -> users.user_id`: many rows of the left to one of the right."""

    many_table: str
    many_column: str
    one_table: str
    one_column: str


def check_spark_master(master: str) -> str:
    """`master` if Spark can start on it (local[N], spark://HOST:PORT...), else ValueError."""
    if len(master) > 1000 or not _SPARK_MASTER.fullmatch(master):
        raise ValueError(f"{master[:80]!r} is not a Spark master ({SPARK_MASTERS})")
    return master


class DataConfig(_Strict):
    """The `data:` block: which engine answers, its tables and how they join."""

    engine: str = "duckdb"
    master: str | None = Field(
        default=None,
        description="engine: spark only: where Spark runs (local[N], spark://HOST:PORT, yarn, "
        "k8s://URL); the SPARK_MASTER environment variable wins over it",
    )
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

    @field_validator("master")
    @classmethod
    def _master(cls, master: str | None, info: ValidationInfo) -> str | None:
        if master is None:
            return None
        if info.data.get("engine") != "spark":
            raise ValueError("`master` is for `engine: spark` only")
        return check_spark_master(master)

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
        """The table whose rows are people: `people`, or the first table declared."""
        return self.people or next(iter(self.tables))


def check_column(column: Any) -> str:
    """`column` if it is `TABLE.COLUMN` (two plain names), else ValueError."""
    if not isinstance(column, str) or not _COLUMN.match(column):
        raise ValueError(f"{column!r} is not TABLE.COLUMN (a table and a column, e.g. users.nps)")
    return column


_ANY_OBJECT = WithJsonSchema({"additionalProperties": True, "title": "Where", "type": "object"})
ColumnName = Annotated[str, AfterValidator(check_column)]
# Parsed at load into typed tests, so a malformed condition is a finding at its own line
# before any engine runs; the schema stays the open mapping the file writes.
Conditions = Annotated[
    dict[ColumnName, Annotated[Condition, PlainValidator(parse_condition)]], _ANY_OBJECT
]


class Segment(_Strict):
    """Which rows of `of` are this persona right now: every `where` condition holds."""

    of: str
    where: Conditions = Field(default_factory=dict)
    track: list[ColumnName] = Field(default_factory=list)


def as_date(value: Any) -> dt.date:
    """A YAML date, or ISO text, as a date; ValueError when it is neither."""
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))
