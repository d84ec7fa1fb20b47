"""Segments over user data, on a data set whose answers are known by construction."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlglot

from personakit.data.service import parse_where
from personakit.model.conditions import Bound, Condition, Equals, Excludes, Within
from personakit.session import Session
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

AS_OF = dt.date(2026, 11, 24)

ACCOUNTS = """\
account_id,tier,renewal_date,mrr
A1,enterprise,2026-12-01,1000
A2,enterprise,2027-06-01,900
A3,team,2026-12-15,100
A4,"free; DROP TABLE users",,0
"""
USERS = """\
user_id,account_id,account_role,nps,active_days_28,signup_date,note
U1,A1,decision-maker,3,1,2026-11-01,"says ""no"" twice"
U2,A1,end-user,9,20,2025-01-01,
U3,A2,decision-maker,5,0,2026-10-20,
U4,A3,decision-maker,,2,2026-11-20,
U5,A4,champion,2,5,2026-11-23,ünïcödé 'x' OR 1=1
"""
REQUESTS = """\
request_id,user_id,feature
R1,U1,sso
R2,U1,sso
R3,U1,sso
R4,U1,sso
R5,U2,export
R6,U3,export
R7,U5,export
"""
CONFIG = """\
title: Segments
data:
  engine: duckdb
  tables:
    users: {path: data/users.csv, key: user_id}
    accounts: {path: data/accounts.csv, key: account_id}
    requests: {path: data/requests.csv, key: request_id}
  relations:
    - requests.user_id -> users.user_id
    - users.account_id -> accounts.account_id
"""


def persona(where: str, track: str = "[]") -> str:
    return (
        "name: Olivia, the ops admin\nrole: Sets up\npriority: primary\n"
        "segment:\n  of: users\n  where:\n"
        + textwrap.indent(where.strip(), "    ")
        + f"\n  track: {track}\n"
        "stalls:\n  - id: integration-stall\n    text: Stops at the integration step for days\n"
        "    step: onboarding/integration\n    quotes: [a#q1, b#q1]\n"
        "    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}\n"
    )


@pytest.fixture
def data_ws(make_workspace):
    def build(
        where: str = "accounts.tier: enterprise", requests: str = REQUESTS, **extra: str
    ) -> Path:
        return make_workspace(
            {
                "personakit.yaml": CONFIG,
                "data/accounts.csv": ACCOUNTS,
                "data/users.csv": USERS,
                "data/requests.csv": requests,
                "personas/admin.yaml": persona(where),
                **extra,
            }
        )

    return build


CASES = [
    ("accounts.tier: enterprise", ["U1", "U2", "U3"]),
    ("accounts.tier: [team, enterprise]", ["U1", "U2", "U3", "U4"]),
    ("users.nps: {max: 5}", ["U1", "U3", "U5"]),  # a missing NPS is not "at most 5"
    ("users.nps: {min: 5}", ["U2", "U3"]),
    ("users.signup_date: {after: 2026-11-01}", ["U4", "U5"]),
    ("users.signup_date: {before: 2026-01-01}", ["U2"]),
    ("accounts.renewal_date: {within: 30d}", ["U1", "U2", "U4"]),
    ("users.signup_date: {within: -7d}", ["U4", "U5"]),
    ("accounts.tier: {not: enterprise}", ["U4", "U5"]),
    ("users.nps: {exists: false}", ["U4"]),
    ("users.nps: {exists: true}", ["U1", "U2", "U3", "U5"]),
    ("requests.feature: sso", ["U1"]),  # through the relation, one-to-many
    ("users.nps: {min: 2, max: 3}", ["U1", "U5"]),
    (
        "accounts.tier: enterprise\nusers.account_role: decision-maker\nusers.nps: {max: 6}\n"
        "accounts.renewal_date: {within: 90d}",
        ["U1"],
    ),
    ("accounts.tier: 'free; DROP TABLE users'", ["U5"]),
    ("users.note: \"ünïcödé 'x' OR 1=1\"", ["U5"]),
    ("users.note: 'says \"no\" twice'", ["U1"]),
]


@pytest.mark.parametrize(("where", "expected"), CASES)
def test_every_operator_and_hostile_values(data_ws, where: str, expected: list[str]):
    ws = Session.load(data_ws(where))
    assert ws.data.members("admin", AS_OF) == expected


def test_relative_dates_follow_as_of(data_ws):
    ws = Session.load(data_ws("accounts.renewal_date: {within: 30d}"))
    assert ws.data.members("admin", dt.date(2026, 11, 1)) == ["U1", "U2"]  # A3 renews too late
    assert ws.data.members("admin", dt.date(2026, 12, 20)) == []


def test_top_ranks_by_distinct_people_not_rows(data_ws):
    root = data_ws()
    ws = Session.load(root)
    assert ws.data.top("requests.feature", None, [], 10, AS_OF) == [("export", 3), ("sso", 1)]
    assert ws.data.top("requests.feature", "admin", [], 10, AS_OF) == [("export", 2), ("sso", 1)]
    where = [parse_where("accounts.tier=free; DROP TABLE users")]
    assert ws.data.top("requests.feature", None, where, 10, AS_OF) == [("export", 1)]
    assert ws.data.top("accounts.tier", None, [], 1, AS_OF) == [("enterprise", 3)]
    proc = pk("top", "requests.feature", "--format", "json", "--as-of", "2026-11-24", cwd=root)
    assert json.loads(proc.stdout) == [
        {"rank": 1, "value": "export", "people": 3, "of": 5},
        {"rank": 2, "value": "sso", "people": 1, "of": 5},
    ]
    proc = pk(
        "top",
        "requests.feature",
        "--where",
        "users.note=ünïcödé 'x' OR 1=1",
        "--format",
        "csv",
        cwd=root,
    )
    assert proc.stdout == "rank,value,people,of\n1,export,1,1\n"


def test_top_gives_the_denominator_and_the_day(data_ws):
    root = data_ws()
    ws = Session.load(root)
    assert ws.data.population(None, [], AS_OF) == 5
    assert ws.data.population("admin", [], AS_OF) == 3
    assert ws.data.population(None, [parse_where("accounts.tier=enterprise")], AS_OF) == 3
    args = ("top", "requests.feature", "--among", "admin", "--as-of", "2026-11-24")
    proc = pk(*args, cwd=root)
    assert "2 of 3" in proc.stdout and "1 of 3" in proc.stdout
    assert "Out of 3 members of admin's segment, as of 2026-11-24." in proc.stdout
    proc = pk("top", "requests.feature", "--as-of", "2026-11-24", cwd=root)
    assert "3 of 5" in proc.stdout
    assert "Out of 5 people in users, as of 2026-11-24." in proc.stdout


def test_empty_table_and_nulls_are_data(data_ws):
    root = data_ws("requests.feature: sso", requests="request_id,user_id,feature\n")
    ws = Session.load(root)
    assert ws.data.members("admin", AS_OF) == []
    assert ws.data.top("requests.feature", None, [], 10, AS_OF) == []


@pytest.mark.parametrize(
    ("text", "column", "tests"),
    [
        ("accounts.tier=enterprise", "accounts.tier", [Equals(("enterprise",))]),
        ("users.nps<=6", "users.nps", [Bound("max", 6)]),
        ("users.nps>=7", "users.nps", [Bound("min", 7)]),
        ("accounts.renewal_date within 90d", "accounts.renewal_date", [Within(90)]),
        ("accounts.renewal_date within -30d", "accounts.renewal_date", [Within(-30)]),
        ("accounts.tier!=free", "accounts.tier", [Excludes(("free",))]),
        ("accounts.tier=team,enterprise", "accounts.tier", [Equals(("team", "enterprise"))]),
        (
            "users.signup_date<2026-01-01",
            "users.signup_date",
            [Bound("before", dt.date(2026, 1, 1))],
        ),
        ("users.note='a;b'", "users.note", [Equals(("a;b",))]),
        ("users.note=null", "users.note", [Equals((None,))]),
    ],
)
def test_where_one_line_form(text, column, tests):
    assert parse_where(text) == (column, Condition(tuple(tests)))


def test_segment_command_formats(data_ws):
    root = data_ws()
    proc = pk("segment", "admin", "--as-of", "2026-11-24", cwd=root)
    assert proc.stdout.startswith("3 of 5 users in admin's segment, as of 2026-11-24\n  U1\n")
    assert pk("segment", "admin", "--format", "csv", cwd=root).stdout == "key\nU1\nU2\nU3\n"
    data = json.loads(
        pk("segment", "admin", "--format", "json", "--as-of", "2026-11-24", cwd=root).stdout
    )
    assert data == {
        "persona": "admin",
        "as_of": "2026-11-24",
        "size": 3,
        "of": 5,
        "table": "users",
        "members": ["U1", "U2", "U3"],
    }


@pytest.mark.parametrize(
    "dialect", ["duckdb", "postgres", "spark", "trino", "bigquery", "snowflake"]
)
def test_sql_for_every_dialect_is_golden_and_parses_back(data_ws, golden, dialect: str):
    root = data_ws(CASES[13][0] + "\nrequests.feature: sso")
    proc = pk("segment", "admin", "--sql", "--dialect", dialect, "--as-of", "2026-11-24", cwd=root)
    assert proc.returncode == 0, proc.stderr
    parsed = sqlglot.parse_one(proc.stdout.rstrip().rstrip(";"), read=dialect)
    assert parsed.find(sqlglot.exp.Exists) is not None
    golden(f"segment-sql/{dialect}.sql", proc.stdout)


def test_snapshots_and_moves(data_ws):
    root = data_ws("accounts.renewal_date: {within: 30d}")
    assert pk("snapshot", "--as-of", "2026-11-01", cwd=root).returncode == 0
    assert pk("snapshot", "--as-of", "2026-11-24", cwd=root).returncode == 0
    assert (root / "segments" / "admin" / "2026-11-01.csv").read_text() == "key\nU1\nU2\n"
    moves = json.loads(pk("segment", "admin", "--moves", "--format", "json", cwd=root).stdout)
    assert moves == {
        "persona": "admin",
        "since": "2026-11-01",
        "until": "2026-11-24",
        "entered": ["U4"],
        "left": [],
    }
    assert_one_line_error(
        pk("segment", "admin", "--moves", "--since", "2026-01-01", cwd=root), "no two snapshots"
    )


def test_lint_data_rules(data_ws):
    # PK401: a column the data lacks
    result = run_lint(data_ws("accounts.plan: enterprise"))
    assert found(result, "PK401") == [("personas/admin.yaml", 7, "PK401")]  # the condition
    assert "no column 'plan'" in next(f for f in result.findings if f.code == "PK401").message
    result = run_lint(data_ws("requests.feature: sso", requests="request_id,user_id,feature\n"))
    assert found(result, "PK402") == [("personas/admin.yaml", 4, "PK402")]  # empty
    assert found(result, "PK401") == []
    # of the enterprise users U1-U3, U1 (1 day) and U3 (0 days) were active at most 2 days
    claim = (
        "anxieties:\n  - text: Barely uses it\n    count: {n: N, of: 3, segment: admin, "
        "where: {users.active_days_28: {max: 2}}, as_of: 2026-11-24}\n"
    )
    root = data_ws()
    path = root / "personas" / "admin.yaml"
    path.write_text(persona("accounts.tier: enterprise") + claim.replace("N", "2"))
    assert found(run_lint(root), "PK403") == []
    path.write_text(persona("accounts.tier: enterprise") + claim.replace("N", "3"))
    count_line = (
        path.read_text()
        .splitlines()
        .index(
            "    count: {n: 3, of: 3, segment: admin, where: {users.active_days_28: {max: 2}}, as_of: 2026-11-24}"
        )
        + 1
    )
    result = run_lint(root)
    assert found(result, "PK403") == [("personas/admin.yaml", count_line, "PK403")]
    assert (
        "stated 3 of 3, today's data says 2 of 3"
        in next(f for f in result.findings if f.code == "PK403").message
    )


def test_bad_data_config_and_files_are_one_line_errors(data_ws, make_workspace):
    root = data_ws()
    (root / "data" / "users.csv").unlink()
    assert_one_line_error(pk("segment", "admin", cwd=root), "data.tables.users.path", "no file")
    root = data_ws(
        **{
            "personakit.yaml": CONFIG.replace(
                "requests.user_id -> users.user_id", "requests.user_id => users"
            )
        }
    )
    assert_one_line_error(pk("segment", "admin", cwd=root), "personakit.yaml")
    assert_one_line_error(pk("top", "requests", cwd=data_ws()), "TABLE.COLUMN")
    assert_one_line_error(pk("top", "requests.nope", cwd=data_ws()), "no column 'nope'")
    assert_one_line_error(
        pk("segment", "admin", "--sql", "--dialect", "oracle", cwd=data_ws()), "--dialect"
    )


def test_lint_and_version_do_not_import_the_data_engine(make_workspace):
    code = (
        "import sys\nfrom personakit.cli import app\nfrom personakit import lint\n"
        "lint(sys.argv[1])\n"
        "heavy = [m for m in ('duckdb', 'sqlglot', 'pyspark', 'psycopg') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        # A workspace this small is read in one process: nothing to fork with.
        "assert 'multiprocessing' not in sys.modules, 'imported for nothing'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(make_workspace())], check=True, timeout=60)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "personakit", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    imported = proc.stderr
    assert proc.returncode == 0
    for module in ("duckdb", "sqlglot", "pyspark", "psycopg", "pydantic"):
        assert f" {module}\n" not in imported and f" {module}." not in imported, module


def test_render_shows_aggregates_only_and_hides_small_groups_in_public(data_ws, tmp_path):
    from personakit.render import render

    root = data_ws(
        "accounts.renewal_date: {within: 30d}",
        **{"personakit.yaml": CONFIG + "  min_group_size: 3\n"},
    )
    pk("snapshot", "--as-of", "2026-11-01", cwd=root)
    pk("snapshot", "--as-of", "2026-11-24", cwd=root)
    render(root, tmp_path / "site", today=AS_OF)
    page = (tmp_path / "site" / "personas" / "admin.html").read_text()
    assert '<p class="big-number"><strong>3</strong> users</p>' in page
    assert "match this persona as of 2026-11-24: 1 entered and 0 left" in page
    assert page.count('class="line-chart"') == 1
    assert "Users in the segment: 1 Nov 2026: 2 users; 24 Nov 2026: 3 users" in page
    site = "\n".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert not [u for u in ("U1", "U2", "U4") if u in site]  # never member rows
    render(root, tmp_path / "public", public=True, today=AS_OF)
    page = (tmp_path / "public" / "personas" / "admin.html").read_text()
    assert "<strong>3</strong> users" in page and "fewer than 3 entered" in page
    # the snapshot of 2 members is hidden from the chart and its table
    assert "1 Nov 2026: no value" in page
    assert '<th scope="row">1 Nov 2026</th><td>left out: a small group</td>' in page
    render(root, tmp_path / "md", fmt="md", today=AS_OF)
    text = (tmp_path / "md" / "personas" / "admin.md").read_text()
    assert "![Users in the segment over the snapshots](../charts/admin-0.svg)" in text
    assert (tmp_path / "md" / "charts" / "admin-0.svg").read_text().startswith("<svg")


def test_unparseable_rows_and_text_columns_are_named(data_ws):
    root = data_ws(**{"data/users.csv": USERS.replace("U3,A2,", "U3,A2,extra,")})
    assert_one_line_error(pk("segment", "admin", cwd=root), "data/users.csv:4", "cells")
    root = data_ws(**{"data/users.csv": USERS + 'U6,A1,"unterminated\n'})
    assert_one_line_error(pk("segment", "admin", cwd=root), "data/users.csv:", "not valid CSV")
    root = data_ws("users.account_role: {max: 5}")
    assert_one_line_error(pk("segment", "admin", cwd=root), "users.account_role holds text")
    result = run_lint(root)
    assert "holds text" in next(f for f in result.findings if f.code == "PK401").message


def test_where_is_parsed_into_typed_tests_when_the_file_loads():
    from personakit.model import Segment
    from personakit.model.conditions import Exists

    segment = Segment.model_validate(
        {
            "of": "users",
            "where": {
                "users.nps": {"max": 6, "not": [1, None]},
                "users.signup_date": {"after": "2026-01-01", "exists": True},
                "accounts.tier": ["team", "enterprise"],
            },
        }
    )
    assert segment.where == {
        "users.nps": Condition((Bound("max", 6), Excludes((1, None)))),
        "users.signup_date": Condition((Bound("after", dt.date(2026, 1, 1)), Exists(True))),
        "accounts.tier": Condition((Equals(("team", "enterprise")),)),
    }


def test_a_table_no_condition_reads_is_not_joined(data_ws):
    # users.nps alone needs no account: joining accounts would only cost time
    root = data_ws("users.nps: {max: 5}")
    proc = pk("segment", "admin", "--sql", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "accounts" not in proc.stdout
    assert Session.load(root).data.members("admin", AS_OF) == ["U1", "U3", "U5"]
    # a condition on the account brings the join back
    proc = pk("segment", "admin", "--sql", cwd=data_ws("accounts.tier: team"))
    assert 'LEFT JOIN "accounts"' in proc.stdout


# The setting as a command sees it: DuckDB's default depends on the process it runs in
# (under pytest's captured output it is off already), so it is read in a fresh one, on
# the engine of a full run and on the one a kept plan opens.
PROGRESS_BAR = """
import datetime as dt, sys
from personakit.data.engine import DuckDBEngine
from personakit.session import Session

root = sys.argv[1]
engines = [
    Session.load(root, today=dt.date(2026, 11, 24)).data.engine,
    DuckDBEngine.of_files(root, {"users": "data/users.csv"}),
]
setting = "SELECT current_setting('enable_progress_bar')"
print([engine.fetch_sql(setting)[0][0] for engine in engines])
"""


def test_the_engines_progress_bar_is_off(data_ws):
    # DuckDB draws a progress bar on standard output, terminal or not, for any query
    # longer than two seconds, which on large data would land inside a JSON or SARIF
    # report. A query that slow has no place in a test, so the setting is checked.
    root = data_ws()
    proc = subprocess.run(
        [sys.executable, "-c", PROGRESS_BAR, str(root)], capture_output=True, text=True
    )
    assert proc.stdout == "[False, False]\n", proc.stderr
