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
import textwrap
from pathlib import Path

import pytest

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
