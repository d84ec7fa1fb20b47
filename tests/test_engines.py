"""The same segments give the same members on PostgreSQL and Spark as on DuckDB.

Real engines: a throwaway PostgreSQL cluster from Debian's `postgresql` package (which
`.ci/run` installs), listening only on a Unix socket in a temporary folder, and Spark
in local mode through pyspark. Skipped, saying why, where they are not installed.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from personakit.data.engine import SparkEngine
from personakit.data.errors import EngineUnavailable
from personakit.model.data import DataConfig
from personakit.session import Session
from tests.conftest import run_lint
from tests.test_cli import assert_one_line_error, pk
from tests.test_segments import ACCOUNTS, AS_OF, CASES, CONFIG, REQUESTS, USERS, persona

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _as_postgres_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    if not PG_BIN or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL (apt-get install postgresql)")
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install personakit[postgres]")
    bindir = Path(PG_BIN[-1])
    base = Path(tempfile.mkdtemp(prefix="personakit-pg-", dir="/tmp"))
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    subprocess.run(
        _as_postgres_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "personakit",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-k {base} -c listen_addresses='' -p 54329"
    subprocess.run(
        _as_postgres_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(base / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield f"postgresql://personakit@/postgres?host={base}&port=54329"
    finally:
        subprocess.run(
            _as_postgres_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


def _load_into_postgres(url: str, folder: Path) -> None:
    """Copy the CSVs into PostgreSQL with the column types DuckDB infers for them."""
    import duckdb
    import psycopg
    from psycopg import sql

    types = {
        "VARCHAR": "text",
        "BIGINT": "bigint",
        "INTEGER": "integer",
        "DATE": "date",
        "BOOLEAN": "boolean",
        "DOUBLE": "double precision",
    }
    con = duckdb.connect()
    with psycopg.connect(url, autocommit=True) as pg:
        for name in ("users", "accounts", "requests"):
            rel = con.read_csv(str(folder / f"{name}.csv"), header=True)
            columns = [
                sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(types[str(t)]))
                for c, t in zip(rel.columns, rel.types, strict=True)
            ]
            pg.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(name)))
            pg.execute(
                sql.SQL("CREATE TABLE {} ({})").format(
                    sql.Identifier(name), sql.SQL(", ").join(columns)
                )
            )
            rows = rel.fetchall()
            if rows:
                insert = sql.SQL("INSERT INTO {} VALUES ({})").format(
                    sql.Identifier(name), sql.SQL(", ").join(sql.Placeholder() * len(rel.columns))
                )
                with pg.cursor() as cur:
                    cur.executemany(insert, rows)


def _workspace(make_workspace, config: str, where: str) -> Path:
    return make_workspace(
        {
            "personakit.yaml": config,
            "data/accounts.csv": ACCOUNTS,
            "data/users.csv": USERS,
            "data/requests.csv": REQUESTS,
            "personas/admin.yaml": persona(where),
        }
    )


def _pg_config(url: str) -> str:
    return (
        f"title: Segments\ndata:\n  engine: {url!r}\n  tables:\n"
        "    users: {table: public.users, key: user_id}\n"
        "    accounts: {table: public.accounts, key: account_id}\n"
        "    requests: {table: public.requests, key: request_id}\n"
        "  relations:\n    - requests.user_id -> users.user_id\n    - users.account_id -> accounts.account_id\n"
    )


def test_postgres_gives_duckdbs_members_row_for_row(postgres: str, make_workspace):
    duck_root = _workspace(make_workspace, CONFIG, "accounts.tier: enterprise")
    _load_into_postgres(postgres, duck_root / "data")
    for where, expected in CASES:
        pg_ws = Session.load(_workspace(make_workspace, _pg_config(postgres), where))
        duck_ws = Session.load(_workspace(make_workspace, CONFIG, where))
        assert (
            pg_ws.data.members("admin", AS_OF) == duck_ws.data.members("admin", AS_OF) == expected
        ), where
    pg_ws = Session.load(_workspace(make_workspace, _pg_config(postgres), CASES[0][0]))
    assert pg_ws.data.top("requests.feature", None, [], 10, AS_OF) == [("export", 3), ("sso", 1)]
    assert pg_ws.data.top("requests.feature", "admin", [], 10, AS_OF) == [("export", 2), ("sso", 1)]


# Every real Spark test asks for this master, so that whichever runs first starts the
# process's one session on it and the check below holds in any order.
SPARK_CONFIG = CONFIG.replace("engine: duckdb", "engine: spark\n  master: 'local[1]'")


@pytest.fixture(scope="module")
def spark_available() -> Iterator[None]:
    pytest.importorskip("pyspark", reason="pyspark not installed: pip install personakit[spark]")
    if not shutil.which("java"):
        pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SPARK_MASTER", raising=False)  # the config's master is under test
        yield


def test_spark_gives_duckdbs_members_row_for_row(spark_available, make_workspace):
    for where, expected in CASES:
        spark_ws = Session.load(_workspace(make_workspace, SPARK_CONFIG, where))
        assert spark_ws.data.members("admin", AS_OF) == expected, where
    # the session runs where personakit.yaml said, not on a hard-coded master
    assert spark_ws.data.engine.spark.sparkContext.master == "local[1]"
    spark_ws = Session.load(_workspace(make_workspace, SPARK_CONFIG, CASES[0][0]))
    assert spark_ws.data.top("requests.feature", None, [], 10, AS_OF) == [("export", 3), ("sso", 1)]
    assert spark_ws.data.members("admin", dt.date(2026, 11, 24)) == ["U1", "U2", "U3"]


def test_a_query_postgres_refuses_is_one_line_naming_the_segment(postgres: str, make_workspace):
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS hostile_users")
        pg.execute("CREATE TABLE hostile_users (user_id text, token uuid)")
        pg.execute("INSERT INTO hostile_users VALUES ('U1', gen_random_uuid())")
    config = (
        f"title: Segments\ndata:\n  engine: {postgres!r}\n  tables:\n"
        "    users: {table: public.hostile_users, key: user_id}\n"
    )
    # uuid is a type personakit does not check, so the comparison reaches the database
    root = _workspace(make_workspace, config, "users.token: {min: 5}")
    assert_one_line_error(pk("segment", "admin", cwd=root), "segment of 'admin'", "refused")
    result = run_lint(root)
    assert [(f.line, f.code) for f in result.findings if f.code.startswith("PK40")] == [
        (4, "PK401")
    ]
    assert "refused the query" in result.findings[0].message or any(
        "refused the query" in f.message for f in result.findings
    )


def test_a_query_spark_refuses_is_one_line_naming_the_segment(spark_available, make_workspace):
    config = (
        "title: Segments\ndata:\n  engine: spark\n  master: 'local[1]'\n  tables:\n"
        "    users: {path: data/users.jsonl, key: user_id}\n"
    )
    root = make_workspace(
        {
            "personakit.yaml": config,
            "data/users.jsonl": '{"user_id": "U1", "tags": ["a", "b"]}\n',
            "personas/admin.yaml": persona("users.tags: {min: 5}"),
        }
    )
    # In-process: a Spark session takes longer to start than a command's test timeout.
    from personakit.errors import WorkspaceError

    with pytest.raises(WorkspaceError) as caught:
        Session.load(root).data.members("admin", AS_OF)
    assert caught.value.path == "personas/admin.yaml" and caught.value.line == 4
    assert caught.value.message.startswith("segment of 'admin': spark refused the query: ")
    assert "\n" not in str(caught.value)


def test_a_table_missing_from_the_database_is_one_line_naming_the_segment(
    postgres: str, make_workspace
):
    config = (
        f"title: Segments\ndata:\n  engine: {postgres!r}\n  tables:\n"
        "    users: {table: public.no_such_users, key: user_id}\n"
    )
    root = _workspace(make_workspace, config, "users.nps: 1")
    assert_one_line_error(
        pk("segment", "admin", cwd=root),
        "personas/admin.yaml:",
        "segment: no table public.no_such_users in the database",
    )
    assert "no table public.no_such_users" in " ".join(
        f.message for f in run_lint(root).findings if f.code == "PK401"
    )


def test_a_database_that_refuses_the_login_is_one_line_naming_the_segment(
    postgres: str, make_workspace
):
    # the throwaway cluster trusts its socket, so a role it does not know is the refusal
    url = postgres.replace("personakit@", "intruder@")
    config = (
        f"title: Segments\ndata:\n  engine: {url!r}\n  tables:\n"
        "    users: {table: public.users, key: user_id}\n"
    )
    root = _workspace(make_workspace, config, "users.nps: 1")
    for command in (["segment", "admin"], ["lint"]):
        assert_one_line_error(
            pk(*command, cwd=root), "personakit.yaml:3", "cannot connect", 'role "intruder"'
        )


def test_a_table_missing_from_sparks_catalog_is_one_line_naming_the_segment(
    spark_available, make_workspace
):
    config = (
        "title: Segments\ndata:\n  engine: spark\n  master: 'local[1]'\n  tables:\n"
        "    users: {table: default.no_such_users, key: user_id}\n"
    )
    root = make_workspace(
        {"personakit.yaml": config, "personas/admin.yaml": persona("users.nps: 1")}
    )
    from personakit.errors import WorkspaceError

    with pytest.raises(WorkspaceError) as caught:
        Session.load(root).data.members("admin", AS_OF)
    assert caught.value.path == "personas/admin.yaml"
    assert caught.value.message.startswith("segment: table default.no_such_users: ")
    assert "\n" not in str(caught.value)


# -- where Spark runs --------------------------------------------------------------------


class _Builder:
    """Stands in for `SparkSession.builder`: records the master, builds nothing."""

    def __init__(self, running: str | None = None, fails: bool = False) -> None:
        self.masters: list[str] = []
        self.configs: dict[str, str] = {}
        self.running = running
        self.fails = fails

    def master(self, master: str) -> _Builder:
        self.masters.append(master)
        return self

    def appName(self, _name: str) -> _Builder:
        return self

    def config(self, key: str, value: str) -> _Builder:
        self.configs[key] = value
        return self

    def getOrCreate(self) -> object:
        if self.fails:
            raise RuntimeError("Could not connect to spark://10.0.0.1:7077\nat py4j ...")
        master = self.running or self.masters[-1]
        return types.SimpleNamespace(sparkContext=types.SimpleNamespace(master=master))


@pytest.fixture
def builder(monkeypatch: pytest.MonkeyPatch) -> _Builder:
    """A fake pyspark whose SparkSession.builder records what personakit asks of it."""
    fake = _Builder()
    sql = types.ModuleType("pyspark.sql")
    sql.SparkSession = types.SimpleNamespace(builder=fake)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyspark", types.ModuleType("pyspark"))
    monkeypatch.setitem(sys.modules, "pyspark.sql", sql)
    monkeypatch.delenv("SPARK_MASTER", raising=False)
    return fake


def _spark_data(master: str | None = None) -> DataConfig:
    extra = {} if master is None else {"master": master}
    return DataConfig.model_validate(
        {"engine": "spark", "tables": {"users": {"path": "data/users.csv", "key": "user_id"}}}
        | extra
    )


def test_spark_runs_on_the_configured_master(builder: _Builder, tmp_path: Path):
    SparkEngine(tmp_path, _spark_data("spark://spark-master.internal:7077"))
    SparkEngine(tmp_path, _spark_data("local[*]"))
    SparkEngine(tmp_path, _spark_data())
    assert builder.masters == ["spark://spark-master.internal:7077", "local[*]", "local[2]"]


def test_spark_draws_no_progress_bar_and_serves_no_web_ui(builder: _Builder, tmp_path: Path):
    SparkEngine(tmp_path, _spark_data())
    assert builder.configs["spark.ui.showConsoleProgress"] == "false"
    assert builder.configs["spark.ui.enabled"] == "false"


def test_spark_master_in_the_environment_wins_over_the_config(
    builder: _Builder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SPARK_MASTER", "local[1]")
    SparkEngine(tmp_path, _spark_data("spark://spark-master.internal:7077"))
    monkeypatch.setenv("SPARK_MASTER", " ")  # blank counts as unset
    SparkEngine(tmp_path, _spark_data("local[3]"))
    assert builder.masters == ["local[1]", "local[3]"]


def test_a_bad_spark_master_in_the_environment_is_one_line(
    builder: _Builder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SPARK_MASTER", "local[two]")
    with pytest.raises(EngineUnavailable) as caught:
        SparkEngine(tmp_path, _spark_data())
    assert caught.value.message.startswith("SPARK_MASTER: 'local[two]' is not a Spark master (")
    assert builder.masters == []


def test_spark_that_cannot_reach_its_master_is_one_line_naming_it(
    builder: _Builder, tmp_path: Path
):
    builder.fails = True
    with pytest.raises(EngineUnavailable) as caught:
        SparkEngine(tmp_path, _spark_data("spark://10.0.0.1:7077"))
    assert str(caught.value).count("\n") == 0
    assert "spark cannot start on spark://10.0.0.1:7077: Could not connect" in str(caught.value)


def test_a_spark_session_already_running_elsewhere_is_not_used_quietly(
    builder: _Builder, tmp_path: Path
):
    builder.running = "local[2]"
    with pytest.raises(EngineUnavailable, match=r"already runs in this process; stop it to run"):
        SparkEngine(tmp_path, _spark_data("local[4]"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("  engine: spark\n  master: 'local[two]'\n", "not a Spark master"),
        ("  engine: spark\n  master: 'spark://h:7077; rm -rf /'\n", "not a Spark master"),
        ("  engine: spark\n  master: ''\n", "not a Spark master"),
        ("  engine: duckdb\n  master: 'local[2]'\n", "`master` is for `engine: spark` only"),
    ],
)
def test_a_bad_master_in_the_config_is_one_line_at_its_key(make_workspace, data, message):
    config = f"title: Segments\ndata:\n{data}  tables:\n    users: {{path: data/users.csv, key: user_id}}\n"
    root = make_workspace(
        {"personakit.yaml": config, "personas/admin.yaml": persona("users.nps: 1")}
    )
    for command in (["lint"], ["segment", "admin"]):
        assert_one_line_error(pk(*command, cwd=root), "personakit.yaml:4", "master", message)
