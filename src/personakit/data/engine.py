"""Engines that run the compiled SQL: DuckDB (embedded, the default), PostgreSQL and
Spark. Each registers the workspace's data files through its own API, never by
pasting a path into SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from sqlglot import exp

from ..errors import ConfigError, WorkspaceError
from .config import DataConfig
from .sql import ident


class Engine(Protocol):
    dialect: str

    def columns(self, table: str) -> dict[str, str]: ...
    def table_ref(self, name: str) -> exp.Expression: ...
    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]: ...
    def close(self) -> None: ...


def _data_path(root: Path, name: str, path: str) -> Path:
    full = (root / path).resolve()
    if not full.is_relative_to(root):
        raise ConfigError(
            f"data.tables.{name}.path: {path} is outside the workspace", "personakit.yaml"
        )
    if not full.is_file():
        raise ConfigError(f"data.tables.{name}.path: no file {path}", "personakit.yaml")
    return full


class DuckDBEngine:
    dialect = "duckdb"

    def __init__(self, root: Path, data: DataConfig) -> None:
        import duckdb

        self._duckdb = duckdb
        self.con = duckdb.connect()
        for name, table in data.tables.items():
            if table.path is None:
                raise ConfigError(
                    f"data.tables.{name}: the duckdb engine reads files; give it a `path`",
                    "personakit.yaml",
                )
            path = _data_path(root, name, table.path)
            try:
                suffix = path.suffix.lower()
                if suffix == ".parquet":
                    relation = self.con.read_parquet(str(path))
                elif suffix in (".jsonl", ".ndjson", ".json"):
                    relation = self.con.read_json(str(path), format="newline_delimited")
                else:
                    _check_csv(path, table.path)
                    relation = self.con.read_csv(
                        str(path), header=True, sep=",", quotechar='"', escapechar='"'
                    )
                relation.create_view(name, replace=True)
            except duckdb.Error as exc:
                raise WorkspaceError(_first_line(exc), table.path) from None

    def columns(self, table: str) -> dict[str, str]:
        relation = self.con.table(table)
        return {c: str(t) for c, t in zip(relation.columns, relation.types, strict=True)}

    def table_ref(self, name: str) -> exp.Expression:
        return exp.Table(this=ident(name))

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(query.sql(dialect=self.dialect)).fetchall()
        except self._duckdb.Error as exc:
            raise WorkspaceError(f"data: {_first_line(exc)}") from None

    def close(self) -> None:
        self.con.close()


class PostgresEngine:
    dialect = "postgres"

    def __init__(self, url: str, data: DataConfig) -> None:
        import psycopg

        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise WorkspaceError(f"data.engine: cannot connect: {_first_line(exc)}") from None
        self.tables: dict[str, tuple[str, str]] = {}
        for name, table in data.tables.items():
            if table.table is None:
                raise ConfigError(
                    f"data.tables.{name}: on a database, name the table (`table: schema.name`)",
                    "personakit.yaml",
                )
            schema, _, bare = table.table.rpartition(".")
            self.tables[name] = (schema or "public", bare)

    def columns(self, table: str) -> dict[str, str]:
        schema, bare = self.tables[table]
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (schema, bare),
            )
            return dict(cur.fetchall())

    def table_ref(self, name: str) -> exp.Expression:
        schema, bare = self.tables[name]
        return exp.Table(this=ident(bare), db=ident(schema), alias=exp.TableAlias(this=ident(name)))

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(query.sql(dialect=self.dialect))
                return cur.fetchall()
        except self._psycopg.Error as exc:
            raise WorkspaceError(f"data: {_first_line(exc)}") from None

    def close(self) -> None:
        self.conn.close()


class SparkEngine:
    dialect = "spark"

    def __init__(self, root: Path, data: DataConfig) -> None:
        from pyspark.sql import SparkSession

        self.spark = (
            SparkSession.builder.master("local[2]")
            .appName("personakit")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        for name, table in data.tables.items():
            if table.path is not None:
                path = _data_path(root, name, table.path)
                reader = self.spark.read
                suffix = path.suffix.lower()
                if suffix == ".parquet":
                    frame = reader.parquet(str(path))
                elif suffix in (".jsonl", ".ndjson", ".json"):
                    frame = reader.json(str(path))
                else:
                    frame = (
                        reader.option("header", True)
                        .option("inferSchema", True)
                        .option("escape", '"')
                        .csv(str(path))  # RFC 4180: "" inside quotes
                    )
                frame.createOrReplaceTempView(name)
            else:
                self.spark.table(table.table).createOrReplaceTempView(name)

    def columns(self, table: str) -> dict[str, str]:
        return {f.name: f.dataType.simpleString() for f in self.spark.table(table).schema.fields}

    def table_ref(self, name: str) -> exp.Expression:
        return exp.Table(this=ident(name))

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(query.sql(dialect=self.dialect)).collect()]

    def close(self) -> None:
        pass  # the session is shared within the process


def open_engine(root: Path, data: DataConfig) -> Engine:
    engine = data.engine
    if engine == "duckdb":
        return DuckDBEngine(root, data)
    if engine.startswith(("postgresql://", "postgres://")):
        return PostgresEngine(engine, data)
    if engine == "spark":
        return SparkEngine(root, data)
    raise ConfigError(
        f"data.engine: {engine!r} cannot be run here (duckdb, postgresql://..., spark); "
        "`personakit segment --sql --dialect` prints the SQL for any dialect",
        "personakit.yaml",
    )


def _check_csv(path: Path, shown: str) -> None:
    """Every row has as many cells as the header (RFC 4180 quoting), or a one-line error
    names the file and line. DuckDB's own sniffing would rather guess than refuse."""
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise WorkspaceError("no header row", shown, 1)
            for row in reader:
                if row and len(row) != len(header):
                    raise WorkspaceError(
                        f"row has {len(row)} cells, the header has {len(header)}",
                        shown,
                        reader.line_num,
                    )
        except csv.Error as exc:
            raise WorkspaceError(f"not valid CSV: {exc}", shown, reader.line_num) from None
        except UnicodeDecodeError:
            raise WorkspaceError("not UTF-8 text", shown) from None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
