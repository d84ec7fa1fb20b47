"""Dates at the edges of the calendar and day counts too large for it: a one-line error
for a bad option or setting, a finding or a plain answer otherwise, never OverflowError."""

from __future__ import annotations

import datetime as dt

import pytest

from personakit import lint
from personakit.dates import MAX_DAYS, DateError, days_after, days_before, parse_date
from tests.conftest import found
from tests.test_cli import assert_one_line_error, pk

FIRST, LAST = dt.date.min, dt.date.max


def test_parse_date_takes_only_yyyy_mm_dd():
    assert parse_date("2026-11-24") == dt.date(2026, 11, 24)
    assert parse_date("0001-01-01") == FIRST
    assert parse_date("9999-12-31") == LAST
    for bad in ("20261124", "2026-W48-1", "2026-11-24T10:00", " 2026-11-24", "2026-1-2", ""):
        with pytest.raises(DateError, match="is not a date \\(YYYY-MM-DD\\)"):
            parse_date(bad)
    for bad in ("0000-01-01", "2026-02-30", "2026-13-01"):
        with pytest.raises(DateError, match="is not a date in the calendar"):
            parse_date(bad)
    with pytest.raises(DateError):
        parse_date("1" * 10_000)


def test_day_arithmetic_stops_at_the_ends_of_the_calendar():
    day = dt.date(2026, 11, 24)
    assert days_before(day, 365) == dt.date(2025, 11, 24)
    assert days_after(day, 7) == dt.date(2026, 12, 1)
    assert days_before(day, 10**12) == FIRST
    assert days_after(day, 10**12) == LAST
    assert days_before(FIRST, 1) == FIRST
    assert days_after(LAST, 1) == LAST
    assert days_before(day, -7) == days_after(day, 7)
    assert days_after(day, -(10**30)) == FIRST


@pytest.mark.parametrize("as_of", ["0001-01-01", "0001-01-02", "9999-12-31"])
def test_lint_as_of_the_ends_of_the_calendar(make_workspace, as_of):
    root = make_workspace()
    proc = pk("lint", "--as-of", as_of, cwd=root)
    assert proc.returncode == 0, proc.stderr  # warnings at most: no crash
    assert proc.stderr == ""


@pytest.mark.parametrize(
    "as_of", ["10000-01-01", "0000-12-31", "2026-02-30", "20261124", "2026-W48-1"]
)
def test_lint_as_of_outside_the_calendar_is_one_line(make_workspace, as_of):
    assert_one_line_error(
        pk("lint", "--as-of", as_of, cwd=make_workspace()), f"'{as_of}' is not a date"
    )


EDGE_NOTES = {
    "interviews/old.md": """\
        ---
        id: old
        date: 0001-01-01
        kind: interview
        participant: P07
        role: ops-admin
        ---
        > At the dawn of time. #stalled ^q1
        """,
    "interviews/late.md": """\
        ---
        id: late
        date: 9999-12-31
        kind: survey
        participant: P08
        role: ops-admin
        ---
        > At the end of time. #stalled ^q1
        """,
    "personas/edge.yaml": """\
        name: Edge
        role: Lives at the ends of the calendar
        priority: secondary
        reviewed: 0001-01-01
        stalls:
          - text: Oldest evidence there is
            quotes: [old#q1]
          - text: Newest evidence there is
            quotes: [late#q1]
        """,
    "personas/edge2.yaml": """\
        name: Edge two
        role: Reviewed at the end of time
        priority: secondary
        reviewed: 9999-12-31
        """,
    "decisions/first.md": """\
        ---
        date: 0001-01-01
        status: accepted
        personas: [edge]
        ---
        # The first decision
        """,
    "decisions/last.md": """\
        ---
        date: 9999-12-31
        status: accepted
        personas: [edge2]
        ---
        # The last decision
        """,
}


@pytest.mark.parametrize("today", [FIRST, dt.date(2026, 11, 24), LAST])
def test_dates_at_the_edges_in_notes_decisions_and_personas(make_workspace, today):
    root = make_workspace(EDGE_NOTES)
    result = lint(root, today=today)
    stale = {(f.path, f.line) for f in result.findings if f.code == "PK108"}
    if today == FIRST:
        assert stale == set()  # nothing is older than the first day
    else:
        assert ("personas/edge.yaml", 6) in stale  # evidence from year 1
        assert ("personas/edge.yaml", 8) not in stale  # evidence from year 9999
    decorative = {f.path for f in result.findings if f.code == "PK203"}
    assert ("personas/edge.yaml" in decorative) == (today != FIRST)
    assert "personas/edge2.yaml" not in decorative


@pytest.mark.parametrize(
    ("setting", "needle"),
    [
        ("PK108: {max_age_days: 1000000000000}", "rules.PK108.max_age_days: must be at most"),
        (f"PK108: {{max_age_days: {MAX_DAYS + 1}}}", "rules.PK108.max_age_days: must be at most"),
        ("PK108: {max_age_days: -1}", "rules.PK108.max_age_days: must be 0 or more"),
        (
            "decorative-persona: {max_days_without_decision: 99999999999999999999999999999999}",
            "rules.decorative-persona.max_days_without_decision: must be at most",
        ),
        ("PK403: {tolerance: .nan}", "rules.PK403.tolerance: must be a finite number"),
        ("PK403: {tolerance: -.inf}", "rules.PK403.tolerance: must be a finite number"),
        ("PK205: {max_personas: -2}", "rules.PK205.max_personas: must be 0 or more"),
    ],
)
def test_day_counts_and_numbers_out_of_range_are_one_line(make_workspace, setting, needle):
    root = make_workspace({"personakit.yaml": f"title: T\nrules:\n  {setting}\n"})
    assert_one_line_error(pk("lint", cwd=root), "personakit.yaml:3", needle)
    # render reads the same settings, and must refuse them the same way
    assert_one_line_error(pk("render", cwd=root), "personakit.yaml:3", needle)


def test_largest_day_count_still_works_at_both_ends(make_workspace):
    root = make_workspace(
        {
            "personakit.yaml": f"""\
                title: T
                rules:
                  PK108: {{max_age_days: {MAX_DAYS}}}
                  PK203: {{max_days_without_decision: {MAX_DAYS}}}
                """
        }
    )
    assert found(lint(root, today=FIRST), "PK108") == []
    # 100000 days before the last day is still in the calendar: the 2026 evidence is stale
    assert found(lint(root, today=LAST), "PK108") == [("personas/admin.yaml", 5, "PK108")]


# One duration parser: `within: 90d` in files and `--where "... within 90d"` alike. ------


@pytest.mark.parametrize(
    ("text", "days"), [("90d", 90), ("-30d", -30), ("+5d", 5), (" 0d ", 0), ("7 d", 7)]
)
def test_parse_days_reads_days(text, days):
    from personakit.dates import parse_days

    assert parse_days(text) == days


@pytest.mark.parametrize(
    "value", ["90", "90 days", "3w", "", "d", True, None, "1e3d", "9" * 13 + "d"]
)
def test_parse_days_refuses_anything_else(value):
    from personakit.dates import DateError, parse_days

    with pytest.raises(DateError, match="is not a number of days such as 90d or -30d"):
        parse_days(value)


def test_parse_days_stops_at_the_calendar():
    from personakit.dates import CALENDAR_DAYS, DateError, parse_days

    assert parse_days(f"-{CALENDAR_DAYS}d") == -CALENDAR_DAYS
    with pytest.raises(DateError, match="more days than the calendar holds"):
        parse_days(f"{CALENDAR_DAYS + 1}d")


def test_segment_within_and_where_use_the_one_duration_parser():
    from personakit.data.service import parse_where
    from personakit.model.conditions import Condition, Within, parse_within

    assert parse_within("90d") == 90
    with pytest.raises(ValueError, match=r"^within: '90' is not a number of days"):
        parse_within("90")
    assert parse_where("accounts.renewal_date within 30d") == (
        "accounts.renewal_date",
        Condition((Within(30),)),
    )
