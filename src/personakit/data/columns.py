"""What the data layer says about tables and columns without an engine: the SQL
dialects `--sql` prints, a column type in words, tables as SQL names, and how a
problem names its column. Shared by the service and the playbook checks."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from ..model.data import DataConfig
from .sql import ident

DIALECTS = {
    "duckdb": "duckdb",
    "postgres": "postgres",
    "spark": "spark",
    "trino": "trino",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
}
HOLDS = {
    "text": "text",
    "number": "numbers",
    "date": "dates",
    "timestamp": "dates and times",
    "boolean": "true or false",
    "time": "times of day",
}


def table_ref_for(data: DataConfig) -> Any:
    """Tables as SQL names: a file is registered under its logical name; an engine
    table is `schema.name AS logical`."""

    def ref(name: str) -> exp.Expression:
        table = data.tables[name]
        if table.table is None:
            return exp.Table(this=ident(name))
        schema, _, bare = table.table.rpartition(".")
        return exp.Table(
            this=ident(bare),
            db=ident(schema) if schema else None,
            alias=exp.TableAlias(this=ident(name)),
        )

    return ref


def kind_of(sql_type: str) -> str:
    """An engine's column type as text, number, date, timestamp, time (of day), boolean
    or other."""
    t = sql_type.lower().strip()
    if (
        t.endswith("]")
        or t.startswith(("array", "struct", "map", "list", "union", "user-defined"))
        or "interval" in t
        or t in ("json", "jsonb", "uuid", "blob", "bytea")
    ):
        return "other"
    if t.startswith(("timestamp", "datetime")):
        return "timestamp"
    if t.startswith(("time", "timetz")):
        return "time"  # of day: no date to count from
    if t == "date":
        return "date"
    if t in ("boolean", "bool"):
        return "boolean"
    if "char" in t or t in ("text", "string", "name"):
        return "text"
    if any(word in t for word in ("int", "decimal", "numeric", "double", "float", "real")):
        return "number"
    return "other"


def about(name: str, problem: str) -> str:
    """`problem`, prefixed with the column it is about unless it already names it."""
    return problem if name in problem else f"{name}: {problem}"
