"""Playbooks over user data, on a small data set whose answers were worked out by hand.

As of 2026-11-24 (D), the admins of the fixture are, step by step (due = start + within):

| member | start | kickoff (7d) | crm (14d) | security (10d, an account's row) |
| --- | --- | --- | --- | --- |
| U1 | 11-01 | done: call 11-05, due 11-08 | late: connected 11-20, due 11-15 | done: A1 review 11-11 23:30, due 11-11 |
| U2 | 11-20 | open: due 11-27 | scheduled: booked 11-22, due 12-04 | done: A1 review 11-11 (shared parent) |
| U3 | 11-10 | at_risk: due 11-17 (call 11-25 is after D) | scheduled: booked 11-12, due 11-24 = D | at_risk: due 11-20 (A2 review 11-30 after D) |
| U4 | none | no_start | | |
| U6 | 11-01 | late: call 11-24 = D, due 11-08 | at_risk although booked 11-02: due 11-15; hubspot does not match | at_risk: due 11-11, A3 has none |
| U7 | 11-17 | open: due 11-24 = D (not yet at risk) | open | open |

U5 is an end-user, not in the segment. At risk: U6 (13 days: security due 11-11), U3
(7 days: kickoff due 11-17).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import duckdb
import pytest
import sqlglot

from personakit.model.playbook import STATES
from personakit.session import Session
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

D = dt.date(2026, 11, 24)

ACCOUNTS = """\
account_id,tier
A1,enterprise
A2,team
A3,team
"""
USERS = """\
user_id,account_id,role,signup_date
U1,A1,admin,2026-11-01
U2,A1,admin,2026-11-20
U3,A2,admin,2026-11-10
U4,A2,admin,
U5,A1,end-user,2026-11-01
U6,A3,admin,2026-11-01
U7,A3,admin,2026-11-17
"""
EVENTS = """\
event_id,user_id,name,detail,occurred_at
E01,U1,kickoff_call,,2026-11-05
E02,U1,integration_connected,salesforce,2026-11-20
E03,U2,integration_call_booked,,2026-11-22
E04,U3,integration_call_booked,,2026-11-12
E05,U3,kickoff_call,,2026-11-25
E06,U5,kickoff_call,,2026-11-02
E07,U6,integration_call_booked,,2026-11-02
E08,U6,kickoff_call,,2026-11-24
E09,U6,integration_connected,hubspot,2026-11-03
E10,U9,kickoff_call,,2026-11-03
"""
ACCOUNT_EVENTS = """\
event_id,account_id,name,occurred_at
X1,A1,security_review,2026-11-11 23:30:00
X2,A2,security_review,2026-11-30 09:00:00
X3,A2,pricing_call,2026-11-05 10:00:00
"""
CONFIG = """\
title: Playbooks
data:
  engine: duckdb
  tables:
    users: {path: data/users.csv, key: user_id}
    accounts: {path: data/accounts.csv, key: account_id}
    events: {path: data/events.csv, key: event_id, time: occurred_at}
    account_events: {path: data/account-events.csv, key: event_id, time: occurred_at}
  relations:
    - events.user_id -> users.user_id
    - users.account_id -> accounts.account_id
    - account_events.account_id -> accounts.account_id
"""
STEPS = """\
- id: kickoff
  text: Kick-off call in week one
  within: 7d
  done_when: {events.name: kickoff_call}
  because: [integration-stall]
- id: crm
  text: Salesforce integration connected
  within: 14d
  scheduled_when: {events.name: integration_call_booked}
  done_when: {events.name: integration_connected, events.detail: salesforce}
  because: [integration-stall]
- id: security
  text: Security review with the account
  within: 10d
  done_when: {account_events.name: security_review}
  because: [integration-stall]
"""


def persona(steps: str = STEPS, starts: str = "users.signup_date", segment: bool = True) -> str:
    text = (
        "name: Olivia, the ops admin\nrole: Sets up\npriority: primary\n"
        "stalls:\n  - id: integration-stall\n    text: Stops at the integration step for days\n"
        "    step: onboarding/integration\n    quotes: [a#q1, b#q1]\n"
        "    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}\n"
    )
    if segment:
        text += "segment:\n  of: users\n  where:\n    users.role: admin\n"
    return text + f"playbook:\n  starts: {starts}\n  steps:\n" + textwrap.indent(steps, "    ")


@pytest.fixture
def play_ws(make_workspace):
    def build(config: str = CONFIG, **files: str) -> Path:
        return make_workspace(
            {
                "personakit.yaml": config,
                "data/accounts.csv": ACCOUNTS,
                "data/users.csv": USERS,
                "data/events.csv": EVENTS,
                "data/account-events.csv": ACCOUNT_EVENTS,
                "personas/admin.yaml": persona(),
                **files,
            }
        )

    return build


def counts(summary) -> dict[str, tuple[int, ...]]:
    return {s.id: (s.done, s.late, s.scheduled, s.open, s.at_risk) for s in summary.steps}


def test_the_model_parses_steps_at_load(play_ws):
    ws = Session.load(play_ws()).workspace
    playbook = ws.personas["admin"].model.playbook
    assert playbook is not None
    assert [(s.id, s.within, s.done_table, s.scheduled_table) for s in playbook.steps] == [
        ("kickoff", 7, "events", None),
        ("crm", 14, "events", "events"),
        ("security", 10, "account_events", None),
    ]
    assert ws.config.data is not None
    assert ws.config.data.tables["events"].time == "occurred_at"


def test_the_fixture_is_lint_clean(play_ws):
    assert found(run_lint(play_ws())) == []


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        ("within: 7d", None, None),
        ("within: -3d", 19, "'-3d' is before the start"),
        ("within: 7", 19, "7 has no unit: write 7d"),
        ("within: soon", 19, "'soon' is not a number of days"),
        ("within: +7d", None, None),
        # What the persona schema refuses, lint refuses: other digits, spaces.
        ("within: '\u0667d'", 19, "is not a number of days"),
        ("within: '\uff10d'", 19, "is not a number of days"),
        ("within: 7 d", 19, "'7 d' is not written as a number of days such as 7d"),
        ("within: '7d '", 19, "'7d ' is not written as a number of days such as 7d"),
        ("within: 7d\n  done_when: {}", 20, "give at least one condition"),
        ("within: 7d\n  done_when: {events.name: x, users.role: y}", 20, "events and users"),
        ("within: 7d\n  done_when: {events.name: {near: 1}}", 20, "unknown operator 'near'"),
        ("within: 7d\n  because: integration-stall", 20, "valid list"),
    ],
)
def test_a_malformed_step_is_pk002_at_its_line(play_ws, bad, line, message):
    step = STEPS.split("- id: crm")[0].replace("within: 7d", bad, 1)
    if "done_when: {" in bad:  # the step's own done_when is replaced
        step = step.replace("  done_when: {events.name: kickoff_call}\n", "", 1)
    if "because:" in bad:
        step = step.replace("  because: [integration-stall]\n", "", 1)
    result = run_lint(play_ws(**{"personas/admin.yaml": persona(step)}))
    if line is None:
        assert found(result, "PK002") == []
        return
    assert found(result, "PK002") == [("personas/admin.yaml", line, "PK002")]
    assert message in next(f.message for f in result.findings if f.code == "PK002")


def test_a_playbook_without_a_segment_is_pk002_at_the_playbook(play_ws):
    result = run_lint(play_ws(**{"personas/admin.yaml": persona(segment=False)}))
    # at the playbook's first line, as PK002 places every refused mapping
    assert found(result, "PK002") == [("personas/admin.yaml", 11, "PK002")]
    assert "give the persona a `segment`" in result.findings[0].message


def test_a_bad_time_column_name_is_one_line_at_the_config_key(play_ws):
    config = CONFIG.replace("time: occurred_at", "time: 'occurred at'", 1)
    proc = pk("lint", "--root", str(play_ws(config)))
    assert_one_line_error(proc, "personakit.yaml:7:", "'occurred at' must be a column name")


def test_duplicate_step_ids_are_pk003_at_the_second(play_ws):
    steps = STEPS.replace("id: security", "id: kickoff")
    result = run_lint(play_ws(**{"personas/admin.yaml": persona(steps)}))
    assert found(result, "PK003") == [("personas/admin.yaml", 28, "PK003")]
    assert "playbook step id 'kickoff' is already used on line 17" in result.findings[0].message
    # the command refuses it too, rather than print two rows of one name
    proc = pk(
        "playbook",
        "admin",
        "--as-of",
        "2026-11-24",
        cwd=play_ws(**{"personas/admin.yaml": persona(steps)}),
    )
    assert_one_line_error(proc, "personas/admin.yaml:28:", "'kickoff' is already used on line 17")


def summary_of(root: Path, as_of: dt.date = D):
    from personakit.data import playbooks

    return playbooks.summary(Session.load(root).data, "admin", as_of)


def one_member(key: str) -> str:
    return persona().replace("users.role: admin", f"users.user_id: {key}")


# Each cell of the table in the module docstring, one member at a time.
MEMBER_STATES = [
    ("U1", ["done", "late", "done"]),  # security: a timestamp late on the due day is done
    ("U2", ["open", "scheduled", "done"]),  # security: an account's row, a shared parent
    ("U3", ["at_risk", "scheduled", "at_risk"]),  # crm due on D: not yet at risk
    ("U6", ["late", "at_risk", "at_risk"]),  # crm: booked, but past due: at risk
    ("U7", ["open", "open", "open"]),  # kickoff due on D itself: open
]


@pytest.mark.parametrize(("key", "states"), MEMBER_STATES)
def test_each_members_states_as_worked_out_by_hand(play_ws, key, states):
    summary = summary_of(play_ws(**{"personas/admin.yaml": one_member(key)}))
    assert (summary.members, summary.no_start) == (1, 0)
    got = [next(state for state, n in step.as_dict().items() if n == 1) for step in summary.steps]
    assert got == states
    assert summary.at_risk == int("at_risk" in states)


def test_a_member_without_a_start_is_no_start_and_in_no_step(play_ws):
    summary = summary_of(play_ws(**{"personas/admin.yaml": one_member("U4")}))
    assert (summary.members, summary.no_start, summary.at_risk) == (1, 1, 0)
    assert counts(summary) == {s: (0, 0, 0, 0, 0) for s in ("kickoff", "crm", "security")}


def test_the_whole_segment_as_of_d(play_ws):
    summary = summary_of(play_ws())
    assert (summary.members, summary.no_start, summary.at_risk) == (6, 1, 2)
    assert counts(summary) == {
        "kickoff": (1, 1, 0, 2, 1),
        "crm": (0, 1, 2, 1, 1),
        "security": (2, 0, 0, 1, 2),
    }


def test_rows_after_the_as_of_date_are_ignored(play_ws):
    # As of 11-16: U1's crm row (11-20) is not there yet, so U1 is at risk on crm; U6's
    # call (11-24) neither, so U6 is at risk on kickoff; U2's booking (11-22) neither.
    summary = summary_of(play_ws(), dt.date(2026, 11, 16))
    assert (summary.members, summary.no_start, summary.at_risk) == (6, 1, 2)
    assert counts(summary) == {
        "kickoff": (1, 0, 0, 3, 1),
        "crm": (0, 0, 1, 2, 2),
        "security": (2, 0, 0, 2, 1),
    }


def test_the_json_has_exactly_the_documented_shape(play_ws):
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", "--format", "json", cwd=play_ws())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "persona": "admin",
        "as_of": "2026-11-24",
        "members": 6,
        "no_start": 1,
        "at_risk_members": 2,
        "steps": [
            {"id": "kickoff", "done": 1, "late": 1, "scheduled": 0, "open": 2, "at_risk": 1},
            {"id": "crm", "done": 0, "late": 1, "scheduled": 2, "open": 1, "at_risk": 1},
            {"id": "security", "done": 2, "late": 0, "scheduled": 0, "open": 1, "at_risk": 2},
        ],
    }


def test_the_table_and_csv(play_ws):
    root = play_ws()
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "2 of 6 members at risk, as of 2026-11-24." in proc.stdout
    assert "1 without a start date" in proc.stdout
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", "--format", "csv", cwd=root)
    assert proc.stdout.splitlines() == [
        "step,members,done,late,scheduled,open,at_risk",
        "kickoff,5,1,1,0,2,1",
        "crm,5,0,1,2,1,1",
        "security,5,2,0,0,1,2",
    ]


def test_a_persona_without_a_playbook_is_one_line(play_ws):
    root = play_ws(**{"personas/other.yaml": persona().split("playbook:")[0]})
    assert_one_line_error(pk("playbook", "other", cwd=root), "persona 'other' has no playbook")


def test_a_table_without_time_is_one_line_at_the_step(play_ws):
    config = CONFIG.replace(", time: occurred_at}", "}", 1)
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", cwd=play_ws(config))
    assert_one_line_error(
        proc, "personas/admin.yaml:20:", "table 'events' has no `time` in data.tables"
    )


def test_at_risk_lists_keys_most_overdue_first(play_ws):
    root = play_ws()
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", "--at-risk", "-f", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["at_risk"] == [
        {"key": "U6", "steps": ["crm", "security"], "days_overdue": 13},
        {"key": "U3", "steps": ["kickoff", "security"], "days_overdue": 7},
    ]
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", "--at-risk", "-f", "csv", cwd=root)
    assert proc.stdout.splitlines() == [
        "key,steps,days_overdue",
        "U6,crm security,13",
        "U3,kickoff security,7",
    ]
    # keys only: no other column of the member's row ever appears
    for other in ("A3", "2026-11-01", "integration_call_booked"):
        assert other not in proc.stdout


def test_at_risk_on_one_step(play_ws):
    args = ["playbook", "admin", "--as-of", "2026-11-24", "--at-risk", "-f", "json"]
    proc = pk(*args, "--step", "crm", cwd=play_ws())
    assert json.loads(proc.stdout)["at_risk"] == [
        {"key": "U6", "steps": ["crm"], "days_overdue": 9}
    ]
    proc = pk(*args, "--step", "crn", cwd=play_ws())
    assert_one_line_error(proc, "no step 'crn'", "its steps: kickoff, crm, security")
    proc = pk("playbook", "admin", "--step", "crm", cwd=play_ws())
    assert_one_line_error(proc, "--step goes with --at-risk")


def test_sql_is_compiled_with_values_quoted_by_the_library(play_ws):
    hostile = STEPS.replace("kickoff_call}", '"x\' OR 1=1 --"}', 1)
    root = play_ws(**{"personas/admin.yaml": persona(hostile)})
    for dialect in ("duckdb", "postgres", "spark", "trino", "bigquery", "snowflake"):
        proc = pk(
            "playbook", "admin", "--sql", "--dialect", dialect, "--as-of", "2026-11-24", cwd=root
        )
        assert proc.returncode == 0, proc.stderr
        parsed = sqlglot.parse_one(proc.stdout.rstrip().rstrip(";"), read=dialect)
        literals = {lit.this for lit in parsed.find_all(sqlglot.exp.Literal) if lit.is_string}
        assert "x' OR 1=1 --" in literals, dialect
        assert "2026-11-24" in literals
    root = play_ws()
    proc = pk("playbook", "admin", "--sql", "--as-of", "2026-11-24", cwd=root)
    con = duckdb.connect()
    for name, path in (
        ("users", "users.csv"),
        ("accounts", "accounts.csv"),
        ("events", "events.csv"),
        ("account_events", "account-events.csv"),
    ):
        con.read_csv(str(root / "data" / path)).create(name)
    row = con.execute(proc.stdout).fetchone()
    assert row is not None
    assert list(row[:3]) == [6, 1, 2]  # the printed SQL, run as it is, gives the same answer


REL_EVENTS = "    - events.user_id -> users.user_id\n"
REL_ACCOUNT_EVENTS = "    - account_events.account_id -> accounts.account_id\n"

PK401_CASES = [
    # (what changes, line, words of the message)
    ({"starts": "users.signed_up"}, 15, "starts: table 'users' has no column 'signed_up'"),
    ({"starts": "users.role"}, 15, "starts: users.role does not hold dates"),
    ({"starts": "events.occurred_at"}, 15, "is not one date per member: name a date column of"),
    ({"steps": ("events.name: kickoff_call", "events.nam: kickoff_call")}, 20, "events.nam"),
    ({"steps": ("events.name: kickoff_call", "evnts.name: kickoff_call")}, 20, "no table 'evnts'"),
    ({"config": (", time: occurred_at}", "}")}, 20, "table 'events' has no `time`"),
    ({"config": ("time: occurred_at}", "time: when}")}, 20, "the time of events:"),
    ({"config": ("time: occurred_at}", "time: name}")}, 20, "events.name, does not hold dates"),
    (
        {"config": (REL_EVENTS, "")},
        20,
        "no relation leads from users to events: declare events.COLUMN -> users.user_id "
        "(or to a table users joins to: accounts) under data.relations",
    ),
    ({"config": (REL_ACCOUNT_EVENTS, "")}, 31, "no relation leads from users to account_events"),
    (
        {"steps": ("events.name: integration_call_booked", "events.name: {min: 3}")},
        25,
        "scheduled_when: events.name holds text",
    ),
    # Times of day: no day to count from (they once passed lint, then failed to run).
    (
        {"files": {"data/events.csv": EVENTS.replace(",2026-11-", ",10:00:")}},
        20,
        "does not hold dates",
    ),
    (
        {"files": {"data/users.csv": USERS.replace(",2026-11-", ",10:00:")}},
        15,
        "starts: users.signup_date does not hold dates",
    ),
]


@pytest.mark.parametrize(("change", "line", "words"), PK401_CASES)
def test_a_playbook_the_data_cannot_answer_is_pk401_at_its_line(play_ws, change, line, words):
    config, steps, starts = CONFIG, STEPS, "users.signup_date"
    if "config" in change:
        config = config.replace(*change["config"], 1)
    if "steps" in change:
        steps = steps.replace(*change["steps"], 1)
    starts = change.get("starts", starts)
    files = {"personas/admin.yaml": persona(steps, starts), **change.get("files", {})}
    result = run_lint(play_ws(config, **files))
    assert found(result) == [("personas/admin.yaml", line, "PK401")]
    assert words in result.findings[0].message
    assert result.findings[0].message.startswith("playbook: ")
    # the command refuses it at the same line, in one line
    proc = pk(
        "playbook",
        "admin",
        "--as-of",
        "2026-11-24",
        cwd=play_ws(config, **files),
    )
    assert_one_line_error(proc, f"personas/admin.yaml:{line}:", words)


REPO = Path(__file__).resolve().parent.parent


def pure_python_states(users_csv: Path, events_csv: Path, as_of: dt.date) -> dict[str, list[str]]:
    """The ops-admin playbook's states per member, computed from the CSVs by hand: the
    segment (admins, integration not connected, signed up in the 45 days to as-of) and
    the three steps, in plain Python."""
    import csv

    steps = [  # id, within, done event, scheduled event
        ("kickoff-call", 7, "kickoff_call", None),
        ("scopes-sent", 5, "scope_list_sent", None),
        ("integration-call", 14, "integration_call_held", "integration_call_booked"),
    ]
    events: dict[tuple[str, str], list[dt.date]] = {}
    with events_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = dt.date.fromisoformat(row["occurred_at"][:10])
            if day <= as_of:
                events.setdefault((row["user_id"], row["name"]), []).append(day)
    out: dict[str, list[str]] = {}
    with users_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            start = dt.date.fromisoformat(row["signup_date"])
            if not (
                row["account_role"] == "admin"
                and row["integration_connected"] == "false"
                and as_of - dt.timedelta(days=45) <= start <= as_of
            ):
                continue
            states = []
            for _id, within, done, scheduled in steps:
                due = start + dt.timedelta(days=within)
                days = sorted(events.get((row["user_id"], done), []))
                if days and days[0] <= due:
                    states.append("done")
                elif days:
                    states.append("late")
                elif due < as_of:
                    states.append("at_risk")
                elif scheduled and events.get((row["user_id"], scheduled)):
                    states.append("scheduled")
                else:
                    states.append("open")
            out[row["user_id"]] = states
    return out


def test_the_example_playbook_matches_plain_python_and_shows_every_state():
    from personakit.data import playbooks

    expected = pure_python_states(REPO / "data/users.csv", REPO / "data/events.csv", D)
    service = Session.load(REPO).data
    summary = playbooks.summary(service, "ops-admin", D)
    assert summary.members == len(expected) and summary.no_start == 0
    for i, step in enumerate(summary.steps):
        tally = [sum(1 for s in expected.values() if s[i] == state) for state in STATES]
        assert [step.done, step.late, step.scheduled, step.open, step.at_risk] == tally
    at_risk = {m.key for m in playbooks.at_risk(service, "ops-admin", D)}
    assert at_risk == {key for key, s in expected.items() if "at_risk" in s}
    shown = {state for states in expected.values() for state in states}
    assert shown == set(STATES)  # the example exercises every state


def test_snapshot_records_each_members_step_states(play_ws):
    root = play_ws()
    proc = pk("snapshot", "--as-of", "2026-11-24", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote segments/admin/playbook/2026-11-24.csv (6 members, 2 at risk)" in proc.stdout
    assert (root / "segments/admin/playbook/2026-11-24.csv").read_text().splitlines() == [
        "key,start,kickoff,crm,security",
        "U1,2026-11-01,done,late,done",
        "U2,2026-11-20,open,scheduled,done",
        "U3,2026-11-10,at_risk,scheduled,at_risk",
        "U4,,,,",
        "U6,2026-11-01,late,at_risk,at_risk",
        "U7,2026-11-17,open,open,open",
    ]


def test_a_past_snapshot_day_gives_what_it_gave_then(play_ws):
    root = play_ws()
    args = ("playbook", "admin", "--as-of", "2026-11-24", "-f", "json", "--at-risk")
    before = json.loads(pk(*args, cwd=root).stdout)
    assert pk("snapshot", "--as-of", "2026-11-24", cwd=root).returncode == 0
    # the data changes afterwards: U3 had the kick-off call after all, U6 loses its role
    with (root / "data/events.csv").open("a") as handle:
        handle.write("E11,U3,kickoff_call,,2026-11-12\n")
    users = (root / "data/users.csv").read_text().replace("U6,A3,admin", "U6,A3,end-user")
    (root / "data/users.csv").write_text(users)
    assert json.loads(pk(*args, cwd=root).stdout) == before
    table = pk(*args[:4], cwd=root).stdout
    assert "From the snapshot segments/admin/playbook/2026-11-24.csv." in table
    # a day without a snapshot is asked of today's data
    live = json.loads(
        pk("playbook", "admin", "--as-of", "2026-11-25", "-f", "json", cwd=root).stdout
    )
    assert live["members"] == 5 and live["steps"][0]["done"] == 2
    # steps that changed since the snapshot: the snapshot no longer answers for them
    steps = STEPS.replace("id: security", "id: security-review")
    (root / "personas/admin.yaml").write_text(persona(steps))
    changed = json.loads(pk(*args, cwd=root).stdout)
    assert changed["members"] == 5


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("who,start,a\n", "the first line must be key,start"),
        ("key,start,kickoff,crm,security\nU1,2026-11-01,done\n", "3 cells; the header has 5"),
        ("key,start,kickoff,crm,security\nU1,soon,done,done,done\n", "start 'soon' is not a date"),
        ("key,start,kickoff,crm,security\nU1,2026-11-01,done,finished,done\n", "states must be"),
        ("key,start,kickoff,crm,security\nU1,,done,done,done\n", "empty exactly when start is"),
        ("key,start,kickoff,crm,security\nU1,2026-11-01,done,,\n", "empty exactly when start is"),
        (
            "key,start,kickoff,crm,security\nU1,2026-11-01,done,done,done\n"
            "U1,2026-11-02,done,done,done\n",
            "member 'U1' is already on line 2",
        ),
    ],
)
def test_a_broken_playbook_snapshot_is_one_line_naming_it(play_ws, text, words):
    root = play_ws(**{"segments/admin/playbook/2026-11-24.csv": text})
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", cwd=root)
    assert_one_line_error(proc, "segments/admin/playbook/2026-11-24.csv", words)


def test_a_playbook_snapshot_folder_that_is_a_link_is_refused(play_ws, tmp_path):
    root = play_ws()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "segments/admin").mkdir(parents=True)
    (root / "segments/admin/playbook").symlink_to(elsewhere)
    proc = pk("snapshot", "--as-of", "2026-11-24", cwd=root)
    assert_one_line_error(proc, "segments/admin/playbook", "symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_a_playbook_that_did_not_load_is_named_not_called_missing(play_ws):
    card = persona().split("playbook:")[0] + "playbook: {starts: users.signup_date, steps: []}\n"
    proc = pk("playbook", "admin", cwd=play_ws(**{"personas/admin.yaml": card}))
    assert_one_line_error(
        proc, "personas/admin.yaml:14:", "its playbook cannot be used", "see `personakit lint`"
    )


def test_a_step_due_beyond_the_calendar_is_open_not_an_error(play_ws):
    steps = STEPS.replace("within: 10d", "within: 3652058d", 1)
    root = play_ws(**{"personas/admin.yaml": persona(steps)})
    summary = summary_of(root)
    assert counts(summary)["security"] == (2, 0, 0, 3, 0)  # done stays done; the rest open
    proc = pk("snapshot", "--as-of", "2026-11-24", cwd=root)
    assert proc.returncode == 0, proc.stderr
    proc = pk("playbook", "admin", "--at-risk", "-f", "csv", "--as-of", "2026-11-25", cwd=root)
    assert proc.returncode == 0, proc.stderr
    # as of 11-25: U3's call of 11-25 makes its kick-off late; its crm (due 11-24) and
    # U7's kick-off (due 11-24) are now a day overdue
    assert proc.stdout.splitlines()[1:] == ["U6,crm,10", "U3,crm,1", "U7,kickoff,1"]


HOSTILE_PLAYBOOKS = [
    "playbook: null",
    "playbook: []",
    "playbook: {starts: 'users.signup_date; DROP TABLE users', steps: [{id: a, text: t, within: 1d, done_when: {events.name: x}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: t, within: 1d, done_when: {'events.name; --': x}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: t, within: 1d, done_when: {events.occurred_at: {within: 99999999999d}}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: t, within: .nan, done_when: {events.name: .inf}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: t, within: 1d, done_when: {events.name: {min: 3}}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: t, within: 1d, done_when: {users.role: admin}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: {x: 1}, within: [1d], done_when: x, because: {a: b}}]}",
    "playbook: {starts: users.signup_date, steps: [{id: a, text: '[bold red]x[/] \\x1b[2J', within: 0d, done_when: {events.name: \"x' OR 1=1\"}, because: [integration-stall]}]}",
]


@pytest.mark.parametrize("block", HOSTILE_PLAYBOOKS)
def test_hostile_playbooks_never_crash(play_ws, tmp_path, block):
    card = persona().split("playbook:")[0] + block + "\n"
    root = play_ws(**{"personas/admin.yaml": card})
    for args in (
        ("lint",),
        ("playbook", "admin", "--as-of", "2026-11-24"),
        ("playbook", "admin", "--at-risk", "-f", "json"),
        ("playbook", "admin", "--sql", "--dialect", "spark"),
        ("snapshot", "--as-of", "2026-11-24"),
        ("render", "--out", str(tmp_path / "site")),
    ):
        proc = pk(*args, cwd=root)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, args
        if proc.returncode == 2:
            assert len(proc.stderr.strip().splitlines()) == 1, (args, proc.stderr)
        assert "\x1b[2J" not in proc.stdout


OFFSET_EVENTS = """\
event_id,user_id,name,detail,occurred_at
E01,U1,kickoff_call,,2026-11-08T22:30:00-05:00
E02,U1,integration_connected,salesforce,2026-11-15T08:00:00+09:00
"""


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_a_timestamp_with_an_offset_counts_on_its_day_in_utc_on_every_machine(
    play_ws, monkeypatch, zone
):
    # Kick-off due 11-08: the call was at 22:30 in New York, 03:30 on 11-09 in UTC, so
    # late. The integration (due 11-15) at 08:00 in Tokyo is 23:00 on 11-14 in UTC: done.
    root = play_ws(**{"personas/admin.yaml": one_member("U1"), "data/events.csv": OFFSET_EVENTS})
    monkeypatch.setenv("TZ", zone)
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    steps = {s["id"]: s for s in json.loads(proc.stdout)["steps"]}
    assert (steps["kickoff"]["late"], steps["crm"]["done"]) == (1, 1)


def test_a_folder_named_as_a_playbook_snapshot_is_one_line_naming_it(play_ws):
    root = play_ws()
    (root / "segments/admin/playbook/2026-11-23.csv").mkdir(parents=True)
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", cwd=root)
    assert_one_line_error(proc, "segments/admin/playbook/2026-11-23.csv", "is not a regular file")


def test_a_snapshot_recorded_under_another_within_is_asked_of_the_data(play_ws):
    root = play_ws()
    assert pk("snapshot", "--as-of", "2026-11-24", cwd=root).returncode == 0
    # kickoff due 30 days after the start: nobody is past it on 11-24, whatever the
    # snapshot recorded under 7d.
    (root / "personas/admin.yaml").write_text(persona(STEPS.replace("within: 7d", "within: 30d")))
    args = ("playbook", "admin", "--as-of", "2026-11-24", "--at-risk", "--step", "kickoff")
    proc = pk(*args, "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["at_risk"] == []
    table = pk(*args, cwd=root).stdout
    assert "From the snapshot" not in table


def test_a_key_on_two_rows_is_one_member_from_its_earliest_start(play_ws):
    # U7 again, signed up on 11-01: one member, as the segment counts it, due 11-08 for
    # kickoff (its earliest start), which it missed: at risk; U7's other row changes
    # nothing else.
    users = USERS + "U7,A3,admin,2026-11-01\n"
    root = play_ws(**{"data/users.csv": users, "personas/admin.yaml": one_member("U7")})
    summary = summary_of(root)
    assert (summary.members, summary.no_start, summary.at_risk) == (1, 0, 1)
    assert counts(summary)["kickoff"] == (0, 0, 0, 0, 1)
    segment = pk("segment", "admin", "--as-of", "2026-11-24", "--format", "json", cwd=root)
    assert json.loads(segment.stdout)["size"] == summary.members


def test_each_playbook_mistake_is_its_own_finding_at_its_line(play_ws):
    steps = (
        STEPS.replace("events.name: kickoff_call", "events.nme: kickoff_call", 1)
        .replace("{events.name: integration_call_booked}", "{evnts.name: integration_call_booked}")
        .replace("account_events.name: security_review", "account_events.nam: security_review")
    )
    result = run_lint(play_ws(**{"personas/admin.yaml": persona(steps, "users.signed_up")}))
    assert found(result) == [
        ("personas/admin.yaml", 15, "PK401"),
        ("personas/admin.yaml", 20, "PK401"),
        ("personas/admin.yaml", 25, "PK401"),
        ("personas/admin.yaml", 31, "PK401"),
    ]
    messages = [f.message for f in result.findings]
    assert "signed_up" in messages[0] and "events.nme" in messages[1]
    assert "no table 'evnts'" in messages[2] and "account_events.nam" in messages[3]
    assert all("did you mean" in m for m in (messages[1], messages[3]))


NUMBERED_USERS = USERS.replace("\nU", "\n")  # user ids 1..7: numbers
NUMBERED_EVENTS = EVENTS.replace(",U", ",").replace("E10,9,", "E10,x9,")  # one is text


def test_a_relation_joining_text_to_numbers_is_pk401_at_the_step_not_the_segment(play_ws):
    files = {"data/users.csv": NUMBERED_USERS, "data/events.csv": NUMBERED_EVENTS}
    root = play_ws(**files)
    result = run_lint(root)
    assert found(result) == [("personas/admin.yaml", 20, "PK401")]
    assert "the relation events.user_id -> users.user_id joins text" in result.findings[0].message
    proc = pk("playbook", "admin", "--as-of", "2026-11-24", cwd=root)
    assert_one_line_error(proc, "personas/admin.yaml:20:", "joins text")
    # snapshot asks everything first: no segment snapshot is written without its playbook's
    proc = pk("snapshot", "--as-of", "2026-11-24", cwd=root)
    assert_one_line_error(proc, "personas/admin.yaml:20:", "joins text")
    assert not (root / "segments").exists()
