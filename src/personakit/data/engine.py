"""Engines that run the compiled SQL: DuckDB (embedded, the default), PostgreSQL and
Spark. Each registers the workspace's data files through its own API, never by
pasting a path into SQL, and only when a question first needs the table.

A data file is opened once, after its real path was checked to lie inside the
workspace, and DuckDB is handed that open file (`/proc/self/fd/N`), never the name from
the config: DuckDB expands `*`, `?` and `[...]` in names itself, so a name from a
cloned workspace must never reach it as a pattern.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError, WorkspaceError
from .errors import DataError, EngineUnavailable

if TYPE_CHECKING:
    from sqlglot import exp

    from ..model.data import DataConfig, TableConfig

CONFIG = "personakit.yaml"
# Where Spark runs when neither SPARK_MASTER nor `data.master` says: two local threads,
# enough for a workspace's tables on a laptop or a CI runner.
DEFAULT_SPARK_MASTER = "local[2]"
# Where a line of personakit.yaml is looked up: ("data", "tables", "users", "path") → 12.
Locate = Callable[[tuple[str, ...]], int | None]
# Characters some engine would expand in a file name (DuckDB: * ? [ ]; Hadoop: also { }).
_PATTERN = re.compile(r"[*?\[\]{}\\]")
# The private folders DuckDB may spill into, until they are removed.
_SPILL_FOLDERS: set[str] = set()


class Engine(Protocol):
    """What the data service needs of an engine: columns, table names in SQL, rows."""

    dialect: str

    def columns(self, table: str) -> dict[str, str]:
        """Column names and the engine's type names of logical table `table`."""

    def table_ref(self, name: str) -> exp.Expression:
        """How logical table `name` is written in this engine's SQL."""

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        """The rows of `query`; DataError (one line) when the engine refuses it."""

    def close(self) -> None:
        """Release the connection and any open data files."""


def _nowhere(_key: tuple[str, ...]) -> int | None:
    return None


def data_file(root: Path, name: str, path: str, locate: Locate = _nowhere) -> Path:
    """The real path of table `name`'s file, checked: inside the workspace (links
    followed), a regular file. Anything else is a one-line error naming the config key."""
    from ..fs import contained

    key = f"data.tables.{name}.path"
    line = locate(("data", "tables", name, "path"))
    try:
        full = contained(root, path, shown_as=path)
    except WorkspaceError as exc:
        raise ConfigError(f"{key}: {path}: {exc.message}", CONFIG, line) from None
    if not full.exists():
        hint = " (a pattern is not expanded: name one file)" if _PATTERN.search(path) else ""
        raise ConfigError(f"{key}: no file {path}{hint}", CONFIG, line)
    if not full.is_file():
        raise ConfigError(f"{key}: {path} is not a regular file", CONFIG, line)
    return full


def _open_file(full: Path, shown: str) -> int:
    """A read-only descriptor of the checked file; never blocks on a FIFO swapped in."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(full, flags)
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", shown) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DataError("is not a regular file", shown)
    return fd


def _fd_path(fd: int) -> str | None:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return f"{folder}/{fd}"
    return None


def remove_spill_folder(folder: str) -> None:
    """Remove one of DuckDB's spill folders, with whatever it spilled."""
    _SPILL_FOLDERS.discard(folder)
    shutil.rmtree(folder, ignore_errors=True)


def remove_spill_folders() -> None:
    """Remove every spill folder still there: what a command does as it ends, since it
    ends without tearing the interpreter down (no finalizer runs then)."""
    for folder in list(_SPILL_FOLDERS):
        remove_spill_folder(folder)


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    fds.clear()


def _load_once(
    loaded: dict[str, WorkspaceError | None], name: str, register: Callable[[], None]
) -> None:
    # A table that failed once fails the same way for every later question, without
    # reading its file again.
    if name not in loaded:
        try:
            register()
            loaded[name] = None
        except WorkspaceError as exc:
            loaded[name] = exc
    error = loaded[name]
    if error is not None:
        raise error


class DuckDBEngine:
    """The embedded default: the workspace's CSV, Parquet and JSON-lines files as views."""

    dialect = "duckdb"

    def __init__(self, root: Path, data: DataConfig, locate: Locate = _nowhere) -> None:
        paths: dict[str, str] = {}
        for name, table in data.tables.items():
            if table.path is None:
                raise ConfigError(
                    f"data.tables.{name}: the duckdb engine reads files; give it a `path`",
                    CONFIG,
                    locate(("data", "tables", name)),
                )
            paths[name] = table.path
        self._open(root, paths, locate)

    @classmethod
    def of_files(cls, root: Path, paths: dict[str, str]) -> DuckDBEngine:
        """An engine over the files `paths` (logical name → path in the workspace), with
        no config model: what a kept plan (data/plans.py) registers."""
        engine = cls.__new__(cls)
        engine._open(root, dict(paths), _nowhere)
        return engine

    def _open(self, root: Path, paths: dict[str, str], locate: Locate) -> None:
        import duckdb

        self._duckdb = duckdb
        self.root = root
        self.paths = paths
        self.locate = locate
        self.con = duckdb.connect()
        # DuckDB draws a progress bar on standard output, terminal or not, for any query
        # longer than two seconds: on large data it would be written into a JSON or SARIF
        # report. It is a setting of the connection only, so it is turned off here.
        self.con.execute("SET enable_progress_bar = false")
        # A timestamp with a UTC offset counts on its day in UTC, not in the time zone
        # of the machine that runs the command (DuckDB takes the process's): the same
        # data must give the same answer everywhere (a build without time zones is UTC).
        with contextlib.suppress(duckdb.Error):
            self.con.execute("SET TimeZone = 'UTC'")
        # What does not fit in memory DuckDB spills into `temp_directory`, by default
        # `.tmp` in the current folder: into the workspace, or wherever a link a clone
        # planted there leads. It spills into a private folder instead (mode 0700),
        # removed when the engine is closed or collected, or the command ends.
        spill = self._spill = tempfile.mkdtemp(prefix="personakit-duckdb-")
        _SPILL_FOLDERS.add(spill)
        weakref.finalize(self, remove_spill_folder, spill)
        quoted = spill.replace("'", "''")
        self.con.execute(f"SET temp_directory = '{quoted}'")
        self._loaded: dict[str, WorkspaceError | None] = {}
        self._fds: list[int] = []
        self._shown: dict[str, str] = {}  # "/proc/self/fd/7" → "data/users.csv"
        # The SQL text of every query run, in order, and the tables they read: what a
        # kept plan runs again, over what it registers again.
        self.asked: list[str] = []
        self.read: set[str] = set()
        # lint never closes its engine; the descriptors go with the engine object.
        weakref.finalize(self, _close_all, self._fds)

    def _load(self, name: str) -> None:
        """Register table `name` as a view, once; a failure is remembered and re-raised."""
        _load_once(self._loaded, name, lambda: self._register(name, self.paths[name]))

    def registered(self) -> list[str]:
        """The tables registered without error so far, in the order they were."""
        return [name for name, error in self._loaded.items() if error is None]

    def _register(self, name: str, path: str) -> None:
        shown = path
        full = data_file(self.root, name, path, self.locate)
        fd = _open_file(full, shown)
        self._fds.append(fd)
        source = _fd_path(fd)
        if source is None:  # no descriptor paths on this system: the checked name itself
            if _PATTERN.search(str(full)):
                raise DataError("a file name with * ? [ ] { } cannot be read here", shown)
            source = str(full)
        self._shown[source] = shown
        suffix = full.suffix.lower()
        try:
            if suffix == ".parquet":
                try:
                    relation = self.con.read_parquet(source)
                except self._duckdb.Error as exc:
                    raise DataError(
                        f"not a readable Parquet file ({self._message(exc)})", shown
                    ) from None
            elif suffix in (".jsonl", ".ndjson", ".json"):
                check_json_lines(source, shown)
                relation = self.con.read_json(source, format="newline_delimited", sample_size=-1)
            else:
                check_csv(source, shown)
                # Types from every row (sample_size=-1): a date column with one text
                # cell far down is text, found before a query compares it.
                relation = self.con.read_csv(
                    source, header=True, sep=",", quotechar='"', escapechar='"', sample_size=-1
                )
            relation.create_view(name, replace=True)
        except self._duckdb.Error as exc:
            raise DataError(self._message(exc), shown) from None

    def columns(self, table: str) -> dict[str, str]:
        """Column names and DuckDB types of `table`, reading its file on first use."""
        self._load(table)
        relation = self.con.table(table)
        return {c: str(t) for c, t in zip(relation.columns, relation.types, strict=True)}

    def table_ref(self, name: str) -> exp.Expression:
        """The view registered for the file, under its logical name."""
        return _plain_table(name)

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        """Run `query` in DuckDB; its errors name the workspace file, never /proc/self/fd."""
        from sqlglot import exp

        text = query.sql(dialect=self.dialect)
        self.asked.append(text)
        self.read.update(t.name for t in query.find_all(exp.Table) if t.name in self.paths)
        return self.fetch_sql(text)

    def fetch_sql(self, text: str) -> list[tuple[Any, ...]]:
        """Run SQL `text` compiled earlier by `fetch` (a kept plan's), errors as in `fetch`."""
        try:
            return self.con.execute(text).fetchall()
        except self._duckdb.Error as exc:
            raise DataError(self._message(exc)) from None

    def _message(self, exc: BaseException) -> str:
        text = first_line(exc)
        for source, shown in self._shown.items():
            text = text.replace(source, shown)
        return text

    def close(self) -> None:
        """Close the connection and the descriptors of the data files."""
        self.con.close()
        _close_all(self._fds)
        remove_spill_folder(self._spill)


class PostgresEngine:
    """A PostgreSQL database reached by URL; tables are `schema.name` in it."""

    dialect = "postgres"

    def __init__(self, url: str, data: DataConfig, locate: Locate = _nowhere) -> None:
        try:
            import psycopg
        except ImportError:
            raise EngineUnavailable(
                "data.engine: the postgres engine needs `pip install personakit[postgres]`",
                CONFIG,
                locate(("data", "engine")),
            ) from None

        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
            # Days of timestamps with a time zone in UTC, as on the other engines.
            self.conn.execute("SET TIME ZONE 'UTC'")
        except psycopg.Error as exc:
            raise EngineUnavailable(
                f"data.engine: cannot connect to the database: {first_line(exc)}",
                CONFIG,
                locate(("data", "engine")),
            ) from None
        self.tables: dict[str, tuple[str, str]] = {}
        for name, table in data.tables.items():
            if table.table is None:
                raise ConfigError(
                    f"data.tables.{name}: on a database, name the table (`table: schema.name`)",
                    CONFIG,
                    locate(("data", "tables", name)),
                )
            schema, _, bare = table.table.rpartition(".")
            self.tables[name] = (schema or "public", bare)

    def columns(self, table: str) -> dict[str, str]:
        """Column names and types of the table behind `table`; DataError if it is missing."""
        schema, bare = self.tables[table]
        try:
            with self.conn.cursor() as cur:
                cur.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                    (schema, bare),
                )
                found: dict[str, str] = dict(cur.fetchall())
        except self._psycopg.OperationalError as exc:
            raise EngineUnavailable(f"data.engine: {first_line(exc)}", CONFIG) from None
        except self._psycopg.Error as exc:
            raise DataError(f"table {schema}.{bare}: {first_line(exc)}") from None
        if not found:  # information_schema lists only the tables this user may read
            raise DataError(f"no table {schema}.{bare} in the database (or no right to read it)")
        return found

    def table_ref(self, name: str) -> exp.Expression:
        """`schema.name AS logical`, so conditions keep the logical table name."""
        from sqlglot import exp

        from .sql import ident

        schema, bare = self.tables[name]
        return exp.Table(this=ident(bare), db=ident(schema), alias=exp.TableAlias(this=ident(name)))

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        """Run `query`; a lost connection is EngineUnavailable, a refusal DataError."""
        try:
            with self.conn.cursor() as cur:
                cur.execute(query.sql(dialect=self.dialect))
                return cur.fetchall()
        except self._psycopg.OperationalError as exc:
            raise EngineUnavailable(f"data.engine: {first_line(exc)}", CONFIG) from None
        except self._psycopg.Error as exc:
            raise DataError(f"the database refused the query: {first_line(exc)}") from None

    def close(self) -> None:
        """Close the connection, ignoring one the server already dropped."""
        with contextlib.suppress(Exception):
            self.conn.close()


class SparkEngine:
    """Spark through pyspark: workspace files or catalog tables as temporary views."""

    dialect = "spark"

    def __init__(self, root: Path, data: DataConfig, locate: Locate = _nowhere) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise EngineUnavailable(
                "data.engine: the spark engine needs `pip install personakit[spark]`",
                CONFIG,
                locate(("data", "engine")),
            ) from None
        self.root = root
        self.data = data
        self.locate = locate
        self._loaded: dict[str, WorkspaceError | None] = {}
        master = spark_master(data)
        try:
            self.spark = (
                SparkSession.builder.master(master)
                .appName("personakit")
                .config("spark.ui.enabled", "false")
                # Its stage bars would fill a CI log's standard error on every query.
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                # Days of timestamps with a time zone in UTC, as on the other engines (a
                # session's SQL setting: applied to one already running in this process too).
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
        except Exception as exc:  # Java missing, master unreachable, gateway died
            raise EngineUnavailable(
                f"data.engine: spark cannot start on {master}: {first_line(exc)}",
                CONFIG,
                locate(("data", "engine")),
            ) from None
        # getOrCreate hands back a session already running in this process, whatever
        # master it was started on: say so rather than quietly run somewhere else.
        running = self.spark.sparkContext.master
        if running != master:
            raise EngineUnavailable(
                f"data.engine: a Spark session on {running} already runs in this process; "
                f"stop it to run on {master}",
                CONFIG,
                locate(("data", "engine")),
            )

    def _load(self, name: str) -> None:
        """Register table `name` as a view, once; a failure is remembered and re-raised."""
        _load_once(self._loaded, name, lambda: self._register(name, self.data.tables[name]))

    def _register(self, name: str, table: TableConfig) -> None:
        if table.path is None:
            assert table.table is not None
            try:
                self.spark.table(table.table).createOrReplaceTempView(name)
            except Exception as exc:
                raise DataError(f"table {table.table}: {first_line(exc)}") from None
            return
        shown = table.path
        full = data_file(self.root, name, table.path, self.locate)
        # Spark (Hadoop) expands patterns in names and reads in another process, so the
        # checked name is passed, and only when nothing in it could be expanded.
        if _PATTERN.search(str(full)) or "," in full.name:
            raise DataError("a file name with * ? [ ] { } , cannot be read by spark", shown)
        suffix = full.suffix.lower()
        try:
            reader = self.spark.read.option("mode", "FAILFAST")
            if suffix == ".parquet":
                frame = reader.parquet(str(full))
            elif suffix in (".jsonl", ".ndjson", ".json"):
                check_json_lines(str(full), shown)
                frame = reader.json(str(full))
            else:
                check_csv(str(full), shown)
                frame = (
                    reader.option("header", True)
                    .option("inferSchema", True)
                    .option("escape", '"')
                    .csv(str(full))  # RFC 4180: "" inside quotes
                )
            frame.createOrReplaceTempView(name)
        except WorkspaceError:
            raise
        except Exception as exc:
            raise DataError(first_line(exc), shown) from None

    def columns(self, table: str) -> dict[str, str]:
        """Column names and Spark's type names of `table`, registering its view on first use."""
        self._load(table)
        return {f.name: f.dataType.simpleString() for f in self.spark.table(table).schema.fields}

    def table_ref(self, name: str) -> exp.Expression:
        """The temporary view registered under the logical name."""
        return _plain_table(name)

    def fetch(self, query: exp.Expression) -> list[tuple[Any, ...]]:
        """Run `query` on Spark and collect the rows; any Spark error is one DataError line."""
        try:
            return [tuple(row) for row in self.spark.sql(query.sql(dialect=self.dialect)).collect()]
        except Exception as exc:  # pyspark and py4j errors share no base class
            raise DataError(f"spark refused the query: {first_line(exc)}") from None

    def close(self) -> None:
        """Nothing to release: the Spark session is shared for the life of the process."""
        pass  # the session is shared within the process


def _plain_table(name: str) -> exp.Expression:
    from sqlglot import exp

    from .sql import ident

    return exp.Table(this=ident(name))


def spark_master(data: DataConfig) -> str:
    """Where Spark runs: SPARK_MASTER if set, else `data.master`, else two local threads.

    The environment wins because the config travels with a cloned repository, while
    which cluster may be used is the machine's business (and CI can force local mode).
    """
    from ..model.data import check_spark_master

    env = os.environ.get("SPARK_MASTER", "").strip()
    if env:
        try:
            return check_spark_master(env)
        except ValueError as exc:
            raise EngineUnavailable(f"SPARK_MASTER: {exc}") from None
    return data.master or DEFAULT_SPARK_MASTER


def open_engine(root: Path, data: DataConfig, locate: Locate = _nowhere) -> Engine:
    """The engine `data.engine` names, connected; ConfigError when none can run it."""
    engine = data.engine
    if engine == "duckdb":
        return DuckDBEngine(root, data, locate)
    if engine.startswith(("postgresql://", "postgres://")):
        return PostgresEngine(engine, data, locate)
    if engine == "spark":
        return SparkEngine(root, data, locate)
    raise ConfigError(
        f"data.engine: {engine!r} cannot be run here (duckdb, postgresql://..., spark); "
        "`personakit segment --sql --dialect` prints the SQL for any dialect",
        CONFIG,
        locate(("data", "engine")),
    )


def check_csv(source: str, shown: str) -> None:
    """Every row has as many cells as the header (RFC 4180 quoting), or a one-line error
    names the file and line. DuckDB's own sniffing would rather guess than refuse."""
    import csv

    with open(source, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if not header:
                raise DataError("no header row", shown, 1)
            for row in reader:
                if row and len(row) != len(header):
                    raise DataError(
                        f"row has {len(row)} cells, the header has {len(header)}",
                        shown,
                        reader.line_num,
                    )
        except csv.Error as exc:
            if "field limit" in str(exc):
                limit = csv.field_size_limit()
                raise DataError(
                    f"a field is longer than {limit} characters", shown, reader.line_num
                ) from None
            raise DataError(f"not valid CSV: {exc}", shown, reader.line_num) from None
        except UnicodeDecodeError:
            raise DataError("not UTF-8 text", shown) from None


def check_json_lines(source: str, shown: str) -> None:
    """Each non-empty line is one JSON object, or a one-line error names the line."""
    import json

    with open(source, encoding="utf-8") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except (ValueError, RecursionError):
                    raise DataError("not a JSON object on one line", shown, number) from None
                if not isinstance(value, dict):
                    raise DataError("a line must hold one JSON object", shown, number)
        except UnicodeDecodeError:
            raise DataError("not UTF-8 text", shown) from None


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line, for a one-line error."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
