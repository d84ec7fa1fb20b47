"""Segments over hostile and faulty input: conditions, data files, paths, snapshots and
output. Every case ends in a finding at its line or a one-line error naming the file,
never a crash, never a read or write outside the workspace, never markup interpreted."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.session import Session
from tests.conftest import run_lint
from tests.test_cli import assert_one_line_error, pk
from tests.test_color import on_a_terminal
from tests.test_segments import ACCOUNTS, AS_OF, CONFIG, REQUESTS, USERS, persona

# In `persona(where)`, the first condition is on line 7 and the second on line 8.
FIRST, SECOND = 7, 8
OTHER_PERSONA = (
    "name: Bob\nrole: Buys\npriority: secondary\nanxieties:\n  - text: Nothing backs this\n"
)


@pytest.fixture
def ws(make_workspace):
    def build(
        where: str = "accounts.tier: enterprise", files: dict[str, str] | None = None
    ) -> Path:
        merged = {
            "personakit.yaml": CONFIG,
            "data/accounts.csv": ACCOUNTS,
            "data/users.csv": USERS,
            "data/requests.csv": REQUESTS,
            "personas/admin.yaml": persona(where),
        }
        merged.update(files or {})
        return make_workspace(merged)

    return build


def codes(result, code: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in result.findings if f.code == code]


# -- 1. dates and durations -----------------------------------------------------------


@pytest.mark.parametrize(
    "within", ["99999999999d", "-99999999999d", "1e9d", "90", "xd", "yes", "90 days"]
)
def test_within_beyond_the_calendar_or_garbage_is_a_schema_finding_at_its_line(ws, within):
    root = ws(f"accounts.tier: enterprise\nusers.signup_date: {{within: {within}}}")
    result = run_lint(root)
    assert [line for line, _ in codes(result, "PK002")] == [SECOND]
    assert "within" in codes(result, "PK002")[0][1]
    assert_one_line_error(pk("segment", "admin", cwd=root), f"personas/admin.yaml:{SECOND}")


def test_within_zero_and_negative_days_are_the_day_itself_and_days_before(ws):
    root = ws("users.signup_date: {within: 0d}")
    assert Session.load(root).data.members("admin", dt.date(2026, 11, 20)) == ["U4"]
    root = ws("users.signup_date: {within: -5d}")
    assert Session.load(root).data.members("admin", AS_OF) == ["U4", "U5"]


def test_as_of_at_the_end_of_the_calendar_is_an_error_at_the_condition(ws):
    root = ws("accounts.tier: enterprise\naccounts.renewal_date: {within: 90d}")
    assert_one_line_error(
        pk("segment", "admin", "--as-of", "9999-12-31", cwd=root),
        f"personas/admin.yaml:{SECOND}",
        "9999-12-31",
    )
    assert_one_line_error(pk("snapshot", "--as-of", "9999-12-31", cwd=root), "admin.yaml")
    assert_one_line_error(
        pk(
            "top",
            "requests.feature",
            "--where",
            "users.signup_date within -30d",
            "--as-of",
            "0001-01-01",
            cwd=root,
        ),
        "--where",
        "0001-01-01",
    )
    from personakit import lint

    result = lint(root, today=dt.date(9999, 12, 31))
    assert [line for line, _ in codes(result, "PK401")] == [SECOND]
    # A span the calendar holds, from a date it cannot reach
    root = ws("accounts.tier: enterprise\nusers.signup_date: {within: 3000000d}")
    assert [line for line, _ in codes(run_lint(root), "PK401")] == [SECOND]
    # Dates at the calendar's ends are fine where nothing overflows.
    root = ws("users.signup_date: {before: 0001-01-02}\nusers.nps: {exists: true}")
    assert Session.load(root).data.members("admin", dt.date(9999, 12, 31)) == []
    root = ws("users.signup_date: {after: 9999-12-30}")
    assert pk("segment", "admin", "--as-of", "9999-12-31", cwd=root).returncode == 0


def test_a_count_as_of_the_calendar_end_is_a_finding_at_its_as_of(ws):
    root = ws("accounts.renewal_date: {within: 90d}")
    path = root / "personas" / "admin.yaml"
    path.write_text(
        path.read_text()
        + "anxieties:\n  - text: Barely uses it\n    count:\n      n: 1\n      of: 1\n"
        "      segment: admin\n      as_of: 9999-12-31\n"
    )
    line = path.read_text().splitlines().index("      as_of: 9999-12-31") + 1
    result = run_lint(root)
    assert (line, "PK401") in [(f.line, f.code) for f in result.findings]
    assert result.exit_code == 1


# -- 2. column names and condition shapes --------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["tier", "''", "'.'", "a.b.c", "'5'", "5", "true", "null", "users.", ".nps", "'users. nps'"],
)
def test_a_where_key_that_is_not_table_column_is_a_finding_at_its_line(ws, key):
    root = ws(f"accounts.tier: enterprise\n{key}: x")
    result = run_lint(root)
    assert [line for line, _ in codes(result, "PK002")] == [SECOND]
    assert "TABLE.COLUMN" in codes(result, "PK002")[0][1]
    assert_one_line_error(pk("segment", "admin", cwd=root), f"personas/admin.yaml:{SECOND}")


@pytest.mark.parametrize(
    ("condition", "says"),
    [
        ("{min: .nan}", "finite"),
        ("{max: .inf}", "finite"),
        ("{not: -.inf}", "finite"),
        (".nan", "finite"),
        ("[{min: 1}]", "not a mapping"),
        ("{min: {a: 1}}", "not a mapping"),
        ("{not: [{a: 1}]}", "not a mapping"),
        ("{min: [1, 2]}", "not a list"),
        ("[[1]]", "not a list"),
        ("{exists: maybe}", "true or false"),
        ("[]", "empty"),
        ("{not: []}", "empty"),
        ("{}", "at least one operator"),
        ("{foo: 1, min: 2}", "unknown operator 'foo'"),
        ("{min: null}", "not a number"),
        ("{before: soon}", "not a date"),
    ],
)
def test_a_condition_of_the_wrong_shape_is_a_finding_at_its_line(ws, condition, says):
    root = ws(f"accounts.tier: enterprise\nusers.nps: {condition}")
    result = run_lint(root)
    assert [line for line, _ in codes(result, "PK002")] == [SECOND], result.findings
    assert says in codes(result, "PK002")[0][1]
    assert_one_line_error(pk("segment", "admin", cwd=root), f"personas/admin.yaml:{SECOND}")


@pytest.mark.parametrize(
    ("condition", "says"),
    [
        ("users.nps: {min: abc}", "'abc' is not a number"),
        ("users.account_role: 5", "quote it"),
        ("users.signup_date: yesterday", "not a date"),
        ("users.nps: 2026-01-01", "not a number"),
        ("users.nps: {within: 5d}", "`within`"),
        ("users.nan: x", "no column 'nan'"),
        ("users.inf: {min: 1}", "no column 'inf'"),
    ],
)
def test_a_value_that_does_not_fit_the_column_is_unknown_column_at_its_line(ws, condition, says):
    root = ws(f"accounts.tier: enterprise\n{condition}")
    result = run_lint(root)
    assert [line for line, _ in codes(result, "PK401")] == [SECOND]
    assert says in codes(result, "PK401")[0][1]
    assert_one_line_error(pk("segment", "admin", cwd=root), f"personas/admin.yaml:{SECOND}", says)


@pytest.mark.parametrize(
    "where", ["{tier: 1}", "{'5': x}", "{users.nps: {min: .nan}}", "{users.nps: [{a: 1}]}"]
)
def test_a_data_counts_where_is_checked_like_a_segments(ws, where):
    root = ws()
    path = root / "personas" / "admin.yaml"
    path.write_text(
        path.read_text()
        + f"anxieties:\n  - text: Barely uses it\n    count:\n      n: 1\n      of: 3\n"
        f"      segment: admin\n      where: {where}\n"
    )
    line = path.read_text().splitlines().index(f"      where: {where}") + 1
    result = run_lint(root)
    assert [ln for ln, _ in codes(result, "PK002")] == [line]


def test_a_data_counts_where_that_does_not_fit_the_data_is_found_at_its_key(ws):
    root = ws()
    path = root / "personas" / "admin.yaml"
    path.write_text(
        path.read_text()
        + "anxieties:\n  - text: Barely uses it\n    count:\n      n: 1\n      of: 3\n"
        "      segment: admin\n      where:\n        users.account_role: {min: 2}\n"
    )
    line = path.read_text().splitlines().index("        users.account_role: {min: 2}") + 1
    result = run_lint(root)
    assert [ln for ln, _ in codes(result, "PK401")] == [line]
    assert "holds text" in codes(result, "PK401")[0][1]


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("users.nps<=nan", "not a finite number"),
        ("users.nps>=inf", "not a finite number"),
        ("users.nps=abc", "not a number"),
        ("users.signup_date within 99999999999d", "calendar"),
        ("users.signup_date within soon", "number of days"),
        ("tier=enterprise", "TABLE.COLUMN"),
        ("users.nope=1", "no column 'nope'"),
        ("users.account_role<=5", "holds text"),
        ("users.nps=", "not a number"),
    ],
)
def test_a_bad_where_on_the_command_line_is_one_line(ws, where, says):
    proc = pk("top", "requests.feature", "--where", where, cwd=ws())
    assert_one_line_error(proc, says)


def test_track_columns_must_hold_numbers(ws, make_workspace):
    root = ws()
    path = root / "personas" / "admin.yaml"
    path.write_text(path.read_text().replace("track: []", "track: [users.signup_date]"))
    result = run_lint(root)
    assert [line for line, _ in codes(result, "PK401")] == [8]
    assert "only numbers have a mean" in codes(result, "PK401")[0][1]
    assert_one_line_error(pk("snapshot", cwd=root), "personas/admin.yaml:8", "users.signup_date")
    path.write_text(path.read_text().replace("track: [users.signup_date]", "track: [users, 5]"))
    assert [line for line, _ in codes(run_lint(root), "PK002")] == [8, 8]


# -- 3. data files that cannot be read ------------------------------------------------------

BROKEN = {
    "ragged": ("users.csv", USERS.replace("U3,A2,", "U3,A2,extra,"), "data/users.csv:4"),
    "huge-field": (
        "users.csv",
        USERS + "U9,A1,x,1,1,2026-01-01," + "y" * (200 * 1024) + "\n",
        "data/users.csv:7",
    ),
    "parquet": ("users.parquet", "PAR1 this is not parquet PAR1", "data/users.parquet"),
    "jsonl": (
        "users.jsonl",
        '{"user_id": "U1", "account_id": "A1"}\n{"user_id": \n',
        "data/users.jsonl:2",
    ),
    "not-utf8": ("users.csv", "user_id,account_id\nU1,\xff\n", "data/users.csv"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_data_file_is_a_finding_and_lint_goes_on(ws, case):
    name, text, shown = BROKEN[case]
    root = ws(files={"personas/other.yaml": OTHER_PERSONA})
    (root / "data" / "users.csv").unlink()
    if case == "not-utf8":
        (root / "data" / name).write_bytes(text.encode("latin-1"))
    else:
        (root / "data" / name).write_text(text)
    config = root / "personakit.yaml"
    config.write_text(config.read_text().replace("data/users.csv", f"data/{name}"))
    proc = pk("lint", "--format", "json", cwd=root)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    data = [f for f in findings if f["code"] == "PK401"]
    assert len(data) == 1 and shown in data[0]["message"], data
    assert data[0]["path"] == "personas/admin.yaml"
    # the rest of the run: the other persona's unsupported claim is still reported
    assert any(f["code"] == "PK101" and f["path"] == "personas/other.yaml" for f in findings)
    for command in (["segment", "admin"], ["top", "users.nps"], ["snapshot"]):
        assert_one_line_error(pk(*command, cwd=root), shown)


def test_a_date_column_with_text_past_the_engines_sample_is_found_before_the_query(ws):
    rows = "".join(f"U{i},A1,end-user,5,1,2026-01-01,\n" for i in range(30000))
    users = USERS + rows + "U99999,A1,end-user,5,1,soon,\n"
    root = ws("users.signup_date: {before: 2026-02-01}", files={"data/users.csv": users})
    result = run_lint(root)
    assert codes(result, "PK401")[0][0] == FIRST
    assert "users.signup_date holds text (data/users.csv)" in codes(result, "PK401")[0][1]
    assert_one_line_error(pk("segment", "admin", cwd=root), "users.signup_date holds text")
    root = ws("users.signup_date: 2026-01-01", files={"data/users.csv": users})
    assert "quote it" in codes(run_lint(root), "PK401")[0][1]


# -- 4. engines that are not installed --------------------------------------------------

BLOCK = "import sys; sys.modules[{module!r}] = None; sys.argv[1:] = {args!r}\nfrom personakit.cli import main\nmain()\n"


@pytest.mark.parametrize(
    ("module", "engine", "extra"),
    [
        ("pyspark", "spark", "personakit[spark]"),
        ("psycopg", "postgresql://nobody@localhost/nothing", "personakit[postgres]"),
    ],
)
def test_a_missing_engine_says_what_to_install(make_workspace, module, engine, extra):
    config = (
        f"title: Segments\ndata:\n  engine: {engine!r}\n  tables:\n"
        "    users: {table: public.users, key: user_id}\n"
    )
    if engine == "spark":
        config = CONFIG.replace("engine: duckdb", "engine: spark")
    root = make_workspace(
        {"personakit.yaml": config, "personas/admin.yaml": persona("users.nps: 1")}
    )
    for args in (["segment", "admin"], ["lint"], ["top", "users.nps"]):
        proc = subprocess.run(
            [sys.executable, "-c", BLOCK.format(module=module, args=args)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert_one_line_error(proc, extra, "personakit.yaml:3")


def test_an_unreachable_database_is_one_line_naming_the_segment(make_workspace):
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install personakit[postgres]")
    config = (
        "title: Segments\ndata:\n  engine: 'postgresql://nobody@127.0.0.1:9/nothing?connect_timeout=3'\n"
        "  tables:\n    users: {table: public.users, key: user_id}\n"
    )
    root = make_workspace(
        {"personakit.yaml": config, "personas/admin.yaml": persona("users.nps: 1")}
    )
    assert_one_line_error(pk("segment", "admin", cwd=root), "cannot connect", "'admin'")


# -- 5. data paths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    ["data/*.csv", "data/**/users.csv", "data/[u]sers.csv", "data/{users,x}.csv", "data/user?.csv"],
)
def test_a_pattern_in_a_data_path_is_never_expanded(ws, pattern):
    root = ws(files={"personakit.yaml": CONFIG.replace("data/users.csv", repr(pattern))})
    assert_one_line_error(pk("segment", "admin", cwd=root), "data.tables.users.path", "no file")
    result = run_lint(root)
    assert "data.tables.users.path" in codes(result, "PK401")[0][1]


@pytest.mark.parametrize(
    "path", ["../users.csv", "data/../data/users.csv", "/etc/passwd", "C:/x.csv"]
)
def test_a_data_path_that_leaves_the_workspace_by_its_spelling_is_refused(ws, path):
    root = ws(files={"personakit.yaml": CONFIG.replace("data/users.csv", repr(path))})
    for command in (["segment", "admin"], ["lint"]):
        assert_one_line_error(pk(*command, cwd=root), "personakit.yaml:5", "data.tables.users.path")


def test_a_data_file_linked_outside_the_workspace_is_refused(ws, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(USERS)
    root = ws()
    (root / "data" / "users.csv").unlink()
    (root / "data" / "users.csv").symlink_to(outside)
    assert_one_line_error(
        pk("segment", "admin", cwd=root), "data.tables.users.path", "outside the workspace"
    )
    assert "outside the workspace" in codes(run_lint(root), "PK401")[0][1]
    fifo = root / "data" / "fifo.csv"
    os.mkfifo(fifo)
    config = root / "personakit.yaml"
    config.write_text(CONFIG.replace("data/users.csv", "data/fifo.csv"))
    assert_one_line_error(pk("segment", "admin", cwd=root), "not a regular file")


@pytest.mark.parametrize("name", ["u*.csv", "u?.csv", "u[a].csv"])
def test_a_file_name_with_pattern_characters_is_read_as_that_one_file(ws, name):
    root = ws("users.nps: {min: 0}")
    users = root / "data" / "users.csv"
    (root / "data" / name).write_text(USERS.replace("U1,A1", "U7,A1"))  # the file named
    (root / "data" / "ua.csv").write_text(USERS.replace("U2,A1", "U8,A1"))  # what a glob finds
    users.unlink()
    config = root / "personakit.yaml"
    config.write_text(CONFIG.replace("data/users.csv", repr(f"data/{name}")))
    proc = pk("segment", "admin", "--format", "csv", cwd=root)
    assert proc.stdout == "key\nU2\nU3\nU5\nU7\n", proc.stderr


# -- 6. snapshots --------------------------------------------------------------------------


def _snapshots(root: Path) -> None:
    assert pk("snapshot", "--as-of", "2026-11-01", cwd=root).returncode == 0
    assert pk("snapshot", "--as-of", "2026-11-24", cwd=root).returncode == 0


def test_a_linked_segments_folder_is_refused_and_nothing_is_written_outside(ws, tmp_path):
    outside = tmp_path / "outside"
    (outside / "admin").mkdir(parents=True)
    (outside / "admin" / "2026-01-01.csv").write_text("key\nSECRET\n")
    (outside / "admin" / "2026-01-02.csv").write_text("key\nOTHER\n")
    root = ws()
    (root / "segments").symlink_to(outside)
    assert_one_line_error(pk("segment", "admin", "--moves", cwd=root), "segments", "link")
    assert_one_line_error(pk("snapshot", "--as-of", "2026-11-24", cwd=root), "segments", "link")
    assert sorted(p.name for p in (outside / "admin").iterdir()) == [
        "2026-01-01.csv",
        "2026-01-02.csv",
    ]


def test_a_linked_persona_folder_or_snapshot_file_is_refused(ws, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("key\nroot:x:0:0\n")
    root = ws()
    _snapshots(root)
    link = root / "segments" / "admin" / "2026-11-24.csv"
    link.unlink()
    link.symlink_to(secret)
    proc = pk("segment", "admin", "--moves", cwd=root)
    assert_one_line_error(proc, "segments/admin/2026-11-24.csv", "link")
    assert "root:x" not in proc.stdout
    assert_one_line_error(pk("snapshot", "--as-of", "2026-11-24", cwd=root), "2026-11-24.csv")
    assert secret.read_text() == "key\nroot:x:0:0\n"
    shutil.rmtree(root / "segments")
    (tmp_path / "elsewhere").mkdir()
    (root / "segments").mkdir()
    (root / "segments" / "admin").symlink_to(tmp_path / "elsewhere")
    assert_one_line_error(pk("snapshot", cwd=root), "segments/admin", "link")
    assert list((tmp_path / "elsewhere").iterdir()) == []


MALFORMED = {
    "not json": ("2026-11-24.json", "{not json", "not valid JSON"),
    "a list": ("2026-11-24.json", "[1, 2]", "JSON object"),
    "deep": ("2026-11-24.json", "[" * 100000 + "]" * 100000, "not valid JSON"),
    "huge int": ("2026-11-24.json", '{"metrics": {"m": 1' + "0" * 5000 + "}}", "not valid JSON"),
    "big int": ("2026-11-24.json", '{"metrics": {"m": 1' + "0" * 400 + "}}", "finite number"),
    "infinite": ("2026-11-24.json", '{"metrics": {"m": 1e999}}', "finite number"),
    "nan": ("2026-11-24.json", '{"metrics": {"m": NaN}}', "finite number"),
    "text metric": ("2026-11-24.json", '{"metrics": {"m": "high"}}', "finite number"),
    "metrics list": ("2026-11-24.json", '{"metrics": [1]}', "metrics"),
    "bad as_of": ("2026-11-24.json", '{"as_of": "2026-13-45"}', "as_of"),
    "bad size": ("2026-11-24.json", '{"size": "many"}', "size"),
    "bad date name": ("2026-02-30.csv", "key\nU1\n", "not a date"),
    "no header": ("2026-11-24.csv", "U1\nU2\n", "first line"),
    "not utf8": ("2026-11-24.csv", b"key\n\xff\n", "UTF-8"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_snapshot_is_one_line_naming_it(ws, case):
    name, content, says = MALFORMED[case]
    root = ws("accounts.renewal_date: {within: 30d}")
    _snapshots(root)
    path = root / "segments" / "admin" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert_one_line_error(
        pk("segment", "admin", "--moves", cwd=root), f"segments/admin/{name}", says
    )


def test_snapshot_writes_plain_files_with_the_umask(ws):
    root = ws()
    _snapshots(root)
    mode = (root / "segments" / "admin" / "2026-11-24.csv").stat().st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- 7. what reaches the terminal --------------------------------------------------------

HOSTILE = "[bold red]loud[/] [link=file:///etc/passwd]x[/link] :warning: \x1b[31mred\x07"


def test_top_and_segment_show_data_values_literally(ws):
    requests = REQUESTS.replace("R5,U2,export", f'R5,U2,"{HOSTILE}"')
    users = USERS.replace("U1,A1", f'"U1{HOSTILE}",A1')
    root = ws(files={"data/requests.csv": requests, "data/users.csv": users})
    proc = pk("top", "requests.feature", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "[bold red]loud[/]" in proc.stdout and "[link=file:///etc/passwd]" in proc.stdout
    assert ":warning:" in proc.stdout and "\\x1b[31mred\\x07" in proc.stdout
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    proc = pk("segment", "admin", cwd=root)
    assert "[bold red]loud[/]" in proc.stdout and "\x1b" not in proc.stdout
    # csv and json keep the exact values
    proc = pk("top", "requests.feature", "--format", "json", cwd=root)
    assert HOSTILE in [row["value"] for row in json.loads(proc.stdout)]
    proc = pk("segment", "admin", "--format", "csv", cwd=root)
    assert f"U1{HOSTILE}" in proc.stdout


def test_top_on_a_forced_terminal_writes_no_raw_escape_from_the_data(ws):
    requests = REQUESTS.replace("R5,U2,export", f'R5,U2,"{HOSTILE}"')
    root = ws(files={"data/requests.csv": requests})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "top", "requests.feature"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "200"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[31mred" not in proc.stdout and "\x07" not in proc.stdout
    assert "[bold red]loud[/]" in proc.stdout


def test_parquet_and_json_lines_are_read_through_the_checked_file(ws):
    import duckdb

    config = CONFIG.replace("data/users.csv", "data/users.jsonl").replace(
        "data/accounts.csv", "data/accounts.parquet"
    )
    root = ws("users.nps: {max: 5}\naccounts.tier: enterprise", files={"personakit.yaml": config})
    con = duckdb.connect()
    for name, fmt in (("users", "jsonl"), ("accounts", "parquet")):
        source = (root / "data" / f"{name}.csv").as_posix()
        target = (root / "data" / f"{name}.{fmt}").as_posix()
        kind = "json" if fmt == "jsonl" else "parquet"
        con.execute(f"COPY (SELECT * FROM read_csv('{source}')) TO '{target}' (FORMAT {kind})")
    assert Session.load(root).data.members("admin", AS_OF) == ["U1", "U3"]


# Groups enough that DuckDB spills them to disk under a 40 MB memory limit, in a third
# of a second.
SPILLING = (
    "SELECT count(*) FROM (SELECT i % 700001 AS k, i % 5 AS d, count(*) "
    "FROM range(2000000) t(i) GROUP BY ALL)"
)


def test_duckdb_spills_into_a_private_folder_never_through_a_link_in_the_workspace(
    ws, tmp_path, monkeypatch
):
    import tempfile

    from personakit.data.engine import DuckDBEngine

    root = ws()
    outside, temp = tmp_path / "outside", tmp_path / "temp"
    outside.mkdir()
    temp.mkdir()
    (root / ".tmp").symlink_to(outside)  # DuckDB's own spill folder, planted by a clone
    monkeypatch.chdir(root)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    engine = DuckDBEngine.of_files(root, {"users": "data/users.csv"})
    engine.fetch_sql("SET memory_limit = '40MB'")
    assert engine.fetch_sql(SPILLING) == [(2_000_000,)]
    assert list(outside.iterdir()) == []
    (private,) = temp.iterdir()
    assert private.stat().st_mode & 0o777 == 0o700
    assert list(private.iterdir())  # it did spill, there
    engine.close()
    assert list(temp.iterdir()) == []


def test_a_command_leaves_no_spill_folder_behind(ws, tmp_path):
    # lint leaves its engine open, and the process ends without finalizers: the
    # folder goes as the command ends.
    root = ws()
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PERSONAKIT_NO_CACHE": "1"}
    for args in (["lint"], ["segment", "admin"], ["top", "requests.feature", "--among", "admin"]):
        proc = subprocess.run(
            [sys.executable, "-m", "personakit", *args, "--as-of", AS_OF.isoformat()],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
        )
        assert proc.returncode in (0, 1), proc.stderr
        assert list(temp.iterdir()) == [], args
    assert not (root / ".tmp").exists()


def test_csv_on_a_terminal_shows_control_characters_and_stays_exact_in_a_pipe(ws):
    users = USERS.replace("U1,A1", f'"U1{HOSTILE}",A1')
    root = ws(files={"data/users.csv": users})
    code, shown = on_a_terminal(root, "segment", "admin", "--format", "csv", NO_COLOR="1")
    assert code == 0
    shown = shown.replace("\r\n", "\n")
    assert "U1" in shown and "\\x1b[31mred\\x07" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    piped = pk("segment", "admin", "--format", "csv", cwd=root)
    assert f"U1{HOSTILE}" in piped.stdout
