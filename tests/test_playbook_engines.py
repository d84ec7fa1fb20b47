"""The same playbook gives the same counts and the same members at risk on DuckDB,
PostgreSQL and Spark: on the hand-worked fixture of test_playbooks (shared parent,
boundary dates, a timestamp late on the due day, rows after as-of), and on generated
data whose answers are computed here in plain Python, never by personakit's SQL.

Real engines, as in test_engines: a throwaway PostgreSQL cluster on a Unix socket, and
Spark in local mode; skipped, saying why, where they are not installed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

from personakit.data import playbooks
from personakit.model.playbook import STATES
from personakit.session import Session
from tests.test_cli import pk
from tests.test_engines import SPARK_CONFIG, postgres, spark_available  # noqa: F401 (fixtures)
from tests.test_playbooks import (
    ACCOUNT_EVENTS,
    ACCOUNTS,
    CONFIG,
    EVENTS,
    OFFSET_EVENTS,
    STEPS,
    USERS,
    D,
    one_member,
    persona,
)

PAST = dt.date(2026, 11, 16)
TABLES = {  # logical name: (file, key)
    "users": ("users.csv", "user_id"),
    "accounts": ("accounts.csv", "account_id"),
    "events": ("events.csv", "event_id"),
    "account_events": ("account-events.csv", "event_id"),
}
RELATIONS = (
    "  relations:\n"
    "    - events.user_id -> users.user_id\n"
    "    - users.account_id -> accounts.account_id\n"
    "    - account_events.account_id -> accounts.account_id\n"
)


# The master every real Spark test asks for (see test_engines.SPARK_CONFIG).
SPARK_MASTER = "engine: spark\n  master: 'local[1]'"
assert SPARK_MASTER in SPARK_CONFIG


def _files(users: str, accounts: str, events: str, account_events: str) -> dict[str, str]:
    return {
        "data/users.csv": users,
        "data/accounts.csv": accounts,
        "data/events.csv": events,
        "data/account-events.csv": account_events,
        "personas/admin.yaml": persona(),
    }


HAND = _files(USERS, ACCOUNTS, EVENTS, ACCOUNT_EVENTS)


def _pg_config(url: str) -> str:
    lines = [f"title: Playbooks\ndata:\n  engine: {url!r}\n  tables:\n"]
    for name, (_file, key) in TABLES.items():
        time = ", time: occurred_at" if "events" in name else ""
        lines.append(f"    {name}: {{table: public.{name}, key: {key}{time}}}\n")
    return "".join(lines) + RELATIONS


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
        "TIMESTAMP": "timestamp",
        "TIMESTAMP WITH TIME ZONE": "timestamptz",
        "BOOLEAN": "boolean",
        "DOUBLE": "double precision",
    }
    con = duckdb.connect()
    with psycopg.connect(url, autocommit=True) as pg:
        for name, (file, _key) in TABLES.items():
            rel = con.read_csv(str(folder / file), header=True)
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


def answers(root: Path, as_of: dt.date) -> tuple[dict, list[dict]]:
    """What personakit says on the workspace at `root`: the JSON summary and at-risk list."""
    service = Session.load(root).data
    try:
        summary = playbooks.summary(service, "admin", as_of).as_dict()
        at_risk = [m.as_dict() for m in playbooks.at_risk(service, "admin", as_of)]
    finally:
        service.close()
    return summary, at_risk


# -- known answers in plain Python, on generated data -----------------------------------


def generate(seed: int) -> dict[str, str]:
    """Accounts, users (some without a start), user events and account events, with rows
    on the due dates, on D, the day after D, and late in the evening."""
    rng = random.Random(seed)
    accounts = [f"A{i}" for i in range(12)]
    users = []
    for i in range(240):
        start = (
            "" if rng.random() < 0.06 else (D - dt.timedelta(days=rng.randint(0, 40))).isoformat()
        )
        users.append(
            {
                "user_id": f"U{i:03d}",
                "account_id": rng.choice(accounts),
                "role": "admin" if rng.random() < 0.7 else "end-user",
                "signup_date": start,
            }
        )
    names = ["kickoff_call", "integration_connected", "integration_call_booked", "login"]
    events: list[dict[str, str]] = []
    for user in users:
        base = dt.date.fromisoformat(user["signup_date"]) if user["signup_date"] else D
        for _ in range(rng.randint(0, 5)):
            offset = rng.choice([rng.randint(-2, 30), 7, 8, 14, 15, (D - base).days + 1])
            name = rng.choice(names)
            detail = (
                rng.choice(["salesforce", "hubspot"]) if name == "integration_connected" else ""
            )
            clock = rng.choice(["00:00:00", "12:30:00", "23:59:59"])
            events.append(
                {
                    "event_id": f"E{len(events):05d}",
                    "user_id": user["user_id"],
                    "name": name,
                    "detail": detail,
                    "occurred_at": f"{(base + dt.timedelta(days=offset)).isoformat()} {clock}",
                }
            )
    account_events: list[dict[str, str]] = []
    for account in accounts:
        for _ in range(rng.randint(0, 2)):
            day = D - dt.timedelta(days=rng.randint(-3, 40))
            account_events.append(
                {
                    "event_id": f"X{len(account_events):04d}",
                    "account_id": account,
                    "name": rng.choice(["security_review", "pricing_call"]),
                    "occurred_at": f"{day.isoformat()} 23:30:00",
                }
            )

    def text(rows: list[dict], columns: list[str]) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()

    return _files(
        text(users, ["user_id", "account_id", "role", "signup_date"]),
        "account_id,tier\n" + "".join(f"{a},team\n" for a in accounts),
        text(events, ["event_id", "user_id", "name", "detail", "occurred_at"]),
        text(account_events, ["event_id", "account_id", "name", "occurred_at"]),
    )


def plain_python(files: dict[str, str], as_of: dt.date) -> tuple[dict, list[dict]]:
    """The fixture's three steps over `files`, by the documented semantics, in Python."""
    steps = [  # id, within, done (table, name, detail), scheduled name
        ("kickoff", 7, ("events", "kickoff_call", None), None),
        ("crm", 14, ("events", "integration_connected", "salesforce"), "integration_call_booked"),
        ("security", 10, ("account_events", "security_review", None), None),
    ]

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(files[f"data/{name}"])))

    def day(text: str) -> dt.date:
        return dt.date.fromisoformat(text[:10])

    user_events = [r for r in rows("events.csv") if day(r["occurred_at"]) <= as_of]
    account_events = [r for r in rows("account-events.csv") if day(r["occurred_at"]) <= as_of]
    members = [u for u in rows("users.csv") if u["role"] == "admin"]
    counts = {s[0]: dict.fromkeys(STATES, 0) for s in steps}
    at_risk: list[dict[str, Any]] = []
    for user in members:
        if not user["signup_date"]:
            continue
        start = day(user["signup_date"])
        late_steps, overdue = [], 0
        for step_id, within, (table, name, detail), scheduled in steps:
            due = start + dt.timedelta(days=within)
            mine = (
                [e for e in user_events if e["user_id"] == user["user_id"]]
                if table == "events"
                else [e for e in account_events if e["account_id"] == user["account_id"]]
            )
            done = sorted(
                day(e["occurred_at"])
                for e in mine
                if e["name"] == name and (detail is None or e.get("detail") == detail)
            )
            booked = [e for e in mine if scheduled and e["name"] == scheduled]
            if done and done[0] <= due:
                state = "done"
            elif done:
                state = "late"
            elif due < as_of:
                state = "at_risk"
                late_steps.append(step_id)
                overdue = max(overdue, (as_of - due).days)
            elif booked:
                state = "scheduled"
            else:
                state = "open"
            counts[step_id][state] += 1
        if late_steps:
            at_risk.append({"key": user["user_id"], "steps": late_steps, "days_overdue": overdue})
    at_risk.sort(key=lambda m: (-m["days_overdue"], m["key"]))
    summary = {
        "persona": "admin",
        "as_of": as_of.isoformat(),
        "members": len(members),
        "no_start": sum(1 for u in members if not u["signup_date"]),
        "at_risk_members": len(at_risk),
        "steps": [{"id": s, **counts[s]} for s in counts],
    }
    return summary, at_risk


def test_duckdb_gives_the_plain_python_answers_on_generated_data(make_workspace):
    for seed in (1, 2, 3):
        files = generate(seed)
        root = make_workspace({"personakit.yaml": CONFIG, **files})
        for as_of in (D, PAST, D + dt.timedelta(days=1)):
            assert answers(root, as_of) == plain_python(files, as_of), (seed, as_of)


def test_the_hand_fixture_agrees_with_plain_python(make_workspace):
    root = make_workspace({"personakit.yaml": CONFIG, **HAND})
    for as_of in (D, PAST):
        assert answers(root, as_of) == plain_python(HAND, as_of)


def test_postgres_gives_the_same_answers(postgres: str, make_workspace):  # noqa: F811
    for files in (HAND, generate(1)):
        duck_root = make_workspace({"personakit.yaml": CONFIG, **files})
        _load_into_postgres(postgres, duck_root / "data")
        pg_root = make_workspace({"personakit.yaml": _pg_config(postgres), **files})
        for as_of in (D, PAST):
            expected = plain_python(files, as_of)
            assert answers(pg_root, as_of) == answers(duck_root, as_of) == expected, as_of


def test_spark_gives_the_same_answers(spark_available, make_workspace):  # noqa: F811
    spark_config = CONFIG.replace("engine: duckdb", SPARK_MASTER)
    for files in (HAND, generate(1)):
        root = make_workspace({"personakit.yaml": spark_config, **files})
        for as_of in (D, PAST):
            assert answers(root, as_of) == plain_python(files, as_of), as_of


# Kick-off due 11-08: the call at 22:30 in New York is 03:30 on 11-09 in UTC, so late.
# The integration (due 11-15) at 08:00 in Tokyo is 23:00 on 11-14 in UTC: done. Read in
# New York time, both would flip (done, then late).
OFFSETS = {**HAND, "data/events.csv": OFFSET_EVENTS, "personas/admin.yaml": one_member("U1")}


def _offset_states(summary: dict) -> tuple[int, int]:
    steps = {s["id"]: s for s in summary["steps"]}
    return steps["kickoff"]["late"], steps["crm"]["done"]


def test_postgres_counts_an_offset_timestamp_on_its_day_in_utc(
    postgres: str,  # noqa: F811
    make_workspace,
    monkeypatch,
):
    duck_root = make_workspace({"personakit.yaml": CONFIG, **OFFSETS})
    _load_into_postgres(postgres, duck_root / "data")
    pg_root = make_workspace({"personakit.yaml": _pg_config(postgres), **OFFSETS})
    # The client asks for New York time at connect (libpq reads PGTZ): the engine's own
    # session setting must win, as on a server whose default zone is not UTC.
    monkeypatch.setenv("PGTZ", "America/New_York")
    summary, _at_risk = answers(pg_root, D)
    assert _offset_states(summary) == (1, 1)


def test_spark_counts_an_offset_timestamp_on_its_day_in_utc(
    spark_available,  # noqa: F811
    make_workspace,
    monkeypatch,
):
    root = make_workspace(
        {"personakit.yaml": CONFIG.replace("engine: duckdb", SPARK_MASTER), **OFFSETS}
    )
    # A fresh Java process whose own zone is New York: Spark's session must still count
    # days in UTC.
    monkeypatch.setenv("TZ", "America/New_York")
    proc = pk("playbook", "admin", "--as-of", D.isoformat(), "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert _offset_states(json.loads(proc.stdout)) == (1, 1)


def test_the_steps_file_is_the_one_plain_python_follows():
    # plain_python spells the fixture's steps out; they must be the steps personakit reads.
    assert "within: 7d" in STEPS and "within: 14d" in STEPS and "within: 10d" in STEPS
    assert "events.detail: salesforce" in STEPS and "account_events.name: security_review" in STEPS
