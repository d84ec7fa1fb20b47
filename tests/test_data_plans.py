"""A repeated data command run from its kept plan (data/plans.py): the same bytes as a
full run, the query run afresh every time, and never once anything it read changed.

Every test runs personakit as a program (only a program's run keeps a plan), on a copy
of the repository's example workspace with its data, whose files have fallen out of
the racy window. To tell a run from its plan apart from a full run, a test may rewrite
the kept SQL to select a marker: a run from the plan prints the marker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.cache import CACHE_DIR
from tests.conftest import read_entry, to_full_disk, write_entry
from tests.test_lint_cache import REPO, _pk, replace, settle, wait_out_the_window

DAY = ["--as-of", "2026-11-20"]  # no playbook snapshot of that day
MARKER = "PLANNED-MARKER"
MARKED_COUNT = 987654


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)


pk = _pk  # personakit as a program, in `cwd`, with `env` added


def fresh(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return pk(*args, cwd=cwd, env={"PERSONAKIT_NO_CACHE": "1"})


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "personakit.yaml", root / "personakit.yaml")
    for name in ("personas", "journeys", "data", "segments"):
        shutil.copytree(REPO / name, root / name)
    settle(root)
    wait_out_the_window()
    return root


def plans(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("plan-*.json"))


def mark(root: Path) -> None:
    """Make every kept plan's first statement select the marker (as key, value, or the
    members of a playbook), so that a run from the plan shows itself."""
    for entry in plans(root):
        data = read_entry(entry)
        plan = data["data"]
        kind = plan["kind"]
        if kind == "segment":
            plan["sql"][0] = f"SELECT '{MARKER}' AS key"
        elif kind == "top":
            plan["sql"][0] = f"SELECT '{MARKER}' AS value, 1 AS people"
        elif plan["params"]["at_risk"]:  # a member at risk on every step
            n = len(plan["params"]["step_ids"])
            cells = [f"'{MARKER}'", "DATE '2026-01-01'"]
            cells += ["'at_risk'"] * n + ["DATE '2026-01-02'"] * n
            plan["sql"][0] = f"SELECT {', '.join(cells)}"
        else:  # the summary: the marker number of members, then zeros
            n = len(plan["params"]["step_ids"])
            plan["sql"][0] = f"SELECT {MARKED_COUNT}{', 0' * (2 + 5 * n)}"
        write_entry(entry, data)


def marked(out: str) -> bool:
    return MARKER in out or str(MARKED_COUNT) in out


COMMAND_LINES = [
    ["segment", "economic-buyer", *DAY],
    ["segment", "economic-buyer", "--format", "json", *DAY],
    ["segment", "ops-admin", "--format", "csv", *DAY],
    ["top", "requests.feature", "--among", "economic-buyer", *DAY],
    ["top", "requests.feature", "--where", "accounts.tier=enterprise", "-f", "json", *DAY],
    ["top", "requests.feature", "--among", "ops-admin", "--format", "csv", "--limit", "3", *DAY],
    ["playbook", "ops-admin", *DAY],
    ["playbook", "ops-admin", "--format", "json", *DAY],
    ["playbook", "ops-admin", "--at-risk", "--format", "json", *DAY],
    ["playbook", "ops-admin", "--at-risk", "--step", "kickoff-call", "-f", "csv", *DAY],
    ["--color", "always", "top", "requests.feature", "--among", "economic-buyer", *DAY],
    ["--color=always", "playbook", "ops-admin", *DAY],
]


def test_a_repeated_data_command_prints_the_same_bytes(ws: Path):
    for args in COMMAND_LINES:
        full = fresh(*args, cwd=ws)
        assert full.returncode == 0, full.stderr
        first = pk(*args, cwd=ws)  # keeps its plan
        again = pk(*args, cwd=ws)  # from the plan
        assert (first.stdout, first.stderr, first.returncode) == (full.stdout, "", 0)
        assert (again.stdout, again.stderr, again.returncode) == (full.stdout, "", 0)
    assert len(plans(ws)) == len(COMMAND_LINES)  # one per command line
    # ... and the second run was the plan's: its statements are what ran.
    mark(ws)
    for args in COMMAND_LINES:
        assert marked(pk(*args, cwd=ws).stdout), args


def test_a_plan_found_through_root_from_another_folder(ws: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    args = ["--root", str(ws), "segment", "ops-admin", "-f", "json", *DAY]
    full = fresh(*args, cwd=elsewhere)
    assert pk(*args, cwd=elsewhere).stdout == full.stdout
    assert pk(*args, cwd=elsewhere).stdout == full.stdout
    mark(ws)
    assert marked(pk(*args, cwd=elsewhere).stdout)
    # The same arguments where the workspace is found by walking up: another key.
    inside = ws / "personas"
    walked = ["segment", "ops-admin", "-f", "json", *DAY]
    assert pk(*walked, cwd=inside).stdout == full.stdout


def test_the_plan_imports_neither_the_command_line_nor_the_models_nor_sqlglot(ws: Path):
    args = ["top", "requests.feature", "--among", "economic-buyer", "-f", "json", *DAY]
    pk(*args, cwd=ws)
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "personakit", *args],
        cwd=ws,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    assert run.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert "duckdb" in imported
    for heavy in ("sqlglot", "pydantic", "typer", "rich", "yaml", "personakit.model"):
        assert heavy not in imported, heavy


def test_an_edited_segment_is_asked_afresh(ws: Path):
    args = ["segment", "economic-buyer", "-f", "json", *DAY]
    pk(*args, cwd=ws)
    mark(ws)
    assert MARKER in pk(*args, cwd=ws).stdout
    persona = ws / "personas" / "economic-buyer.yaml"
    text = persona.read_text(encoding="utf-8")
    assert "segment:" in text
    persona.write_text(text + "\n# edited\n", encoding="utf-8")
    after = pk(*args, cwd=ws)
    assert after.returncode == 0 and MARKER not in after.stdout
    assert after.stdout == fresh(*args, cwd=ws).stdout


def test_a_mistake_made_after_the_plan_is_one_line_with_file_and_line(ws: Path):
    args = ["segment", "ops-admin", *DAY]
    pk(*args, cwd=ws)
    mark(ws)
    assert MARKER in pk(*args, cwd=ws).stdout
    replace(ws / "personas" / "ops-admin.yaml", "users.account_role: admin", "users.acount_role: a")
    broken = pk(*args, cwd=ws)
    assert broken.returncode == 2 and broken.stdout == ""
    lines = broken.stderr.splitlines()
    assert len(lines) == 1 and "personas/ops-admin.yaml" in lines[0]
    assert "acount_role" in lines[0] and "Traceback" not in broken.stderr


def test_changed_data_is_read_afresh(ws: Path):
    args = ["segment", "economic-buyer", "-f", "csv", *DAY]
    first = pk(*args, cwd=ws)
    mark(ws)
    users = ws / "data" / "users.csv"
    header = users.read_text(encoding="utf-8").splitlines()[0]
    with users.open("a", encoding="utf-8") as out:
        out.write(",".join("" for _ in header.split(",")) + "\n")
    after = pk(*args, cwd=ws)
    assert MARKER not in after.stdout and after.stdout == first.stdout
    assert after.stdout == fresh(*args, cwd=ws).stdout


def test_a_data_file_broken_after_the_plan_names_its_line(ws: Path):
    args = ["top", "requests.feature", "--among", "economic-buyer", *DAY]
    pk(*args, cwd=ws)
    mark(ws)
    with (ws / "data" / "users.csv").open("a", encoding="utf-8") as out:
        out.write("one,cell,too,many,,,,,,,,,,,,,,,,,,\n")
    broken = pk(*args, cwd=ws)
    assert broken.returncode == 2 and MARKER not in broken.stdout
    assert "data/users.csv" in broken.stderr and len(broken.stderr.splitlines()) == 1


def test_a_snapshot_recorded_after_the_plan_is_read(ws: Path):
    args = ["playbook", "ops-admin", "-f", "json", *DAY]
    pk(*args, cwd=ws)
    mark(ws)
    assert marked(pk(*args, cwd=ws).stdout)
    folder = ws / "segments" / "ops-admin" / "playbook"
    shutil.copy(folder / "2026-10-24.csv", folder / "2026-11-20.csv")
    after = pk(*args, cwd=ws)
    assert after.returncode == 0 and not marked(after.stdout)
    assert after.stdout == fresh(*args, cwd=ws).stdout


def test_a_playbook_answered_from_a_snapshot_keeps_no_plan(ws: Path):
    pk("playbook", "ops-admin", "--as-of", "2026-11-24", cwd=ws)
    assert plans(ws) == []


def test_no_plan_for_sql_for_a_library_call_or_a_racy_run(ws: Path):
    pk("segment", "ops-admin", "--sql", *DAY, cwd=ws)
    pk("playbook", "ops-admin", "--sql", *DAY, cwd=ws)
    pk("--debug", "segment", "ops-admin", *DAY, cwd=ws)
    assert plans(ws) == []
    from typer.testing import CliRunner

    from personakit.cli import app

    result = CliRunner().invoke(app, ["--root", str(ws), "segment", "ops-admin", *DAY])
    assert result.exit_code == 0 and plans(ws) == []
    # A persona written a moment ago: its stat could not tell a change in the same tick.
    replace(ws / "personas" / "ops-admin.yaml", "track:", "track:  ")
    assert pk("segment", "ops-admin", *DAY, cwd=ws).returncode == 0
    assert plans(ws) == []


@pytest.mark.parametrize(
    "damage",
    ["flipped byte", "cut short", "another key", "other stats", "a folder", "a link"],
)
def test_a_damaged_or_planted_plan_is_no_plan(ws: Path, tmp_path: Path, damage: str):
    args = ["segment", "economic-buyer", "-f", "json", *DAY]
    expected = pk(*args, cwd=ws).stdout
    mark(ws)
    (entry,) = plans(ws)
    text = entry.read_text(encoding="utf-8")
    data = read_entry(entry)
    if damage == "flipped byte":
        at = text.index(MARKER)
        entry.write_text(text[:at] + "Q" + text[at + 1 :], encoding="utf-8")
    elif damage == "cut short":
        entry.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "another key":
        data["data"]["key"] = "0" * 64
        write_entry(entry, data)
    elif damage == "other stats":  # as a cloned repository's planted cache would carry
        data["data"]["inputs"] = {k: [1, 2, 3, 4] for k in data["data"]["inputs"]}
        write_entry(entry, data)
    elif damage == "a folder":
        entry.unlink()
        entry.mkdir()
    else:
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text(text, encoding="utf-8")
        entry.unlink()
        entry.symlink_to(elsewhere)
    run = pk(*args, cwd=ws)
    assert (run.stdout, run.stderr, run.returncode) == (expected, "", 0)


def test_states_match_the_model():
    from personakit.data.playbook_states import STATES
    from personakit.model.playbook import STATES as MODEL_STATES

    assert STATES == MODEL_STATES


def test_a_run_whose_key_changed_while_it_ran_is_not_kept(
    ws: Path, monkeypatch: pytest.MonkeyPatch
):
    import time

    from typer.testing import CliRunner

    from personakit.cli import app
    from personakit.data import plans as kept

    argv = ["--root", str(ws), "segment", "ops-admin", *DAY]
    monkeypatch.setattr(kept, "invocation", argv)
    monkeypatch.setattr(kept, "started_ns", time.time_ns())
    # As if the day turned while it ran: its default as-of is not the key's day.
    monkeypatch.setattr(kept, "_asked_as", ("plan-0.json", "0" * 64))
    assert CliRunner().invoke(app, argv).exit_code == 0
    assert plans(ws) == []
    monkeypatch.setattr(kept, "_asked_as", kept._entry_name(argv))
    assert CliRunner().invoke(app, argv).exit_code == 0
    assert len(plans(ws)) == 1


def test_a_table_registered_only_to_check_is_not_read_again_but_its_change_is_seen(ws: Path):
    args = ["top", "requests.feature", "--among", "economic-buyer", "-f", "json", *DAY]
    pk(*args, cwd=ws)
    (entry,) = plans(ws)
    plan = read_entry(entry)["data"]
    # The full run checks every table a condition could reach; the statements read three.
    assert [name for name, _path in plan["tables"]] == ["requests", "accounts", "users"]
    assert "data/events.csv" in plan["inputs"]
    mark(ws)
    assert marked(pk(*args, cwd=ws).stdout)
    with (ws / "data" / "events.csv").open("a", encoding="utf-8") as out:
        out.write("one,cell,too,many,,,,,,,,,,,,,,,,,,\n")
    after, full = pk(*args, cwd=ws), fresh(*args, cwd=ws)
    assert not marked(after.stdout)
    assert (after.stdout, after.stderr, after.returncode) == (
        full.stdout,
        full.stderr,
        full.returncode,
    )
    assert full.returncode == 2 and "data/events.csv" in full.stderr  # as the full run checks


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_kept_answer_that_cannot_be_written_is_one_line_as_a_full_run_says_it(ws: Path):
    args = ["segment", "ops-admin", *DAY]
    pk(*args, cwd=ws)  # keeps its plan
    assert plans(ws)
    kept = to_full_disk(args, ws)
    full = to_full_disk(args, ws, cache=False)
    assert "Traceback" not in kept.stderr
    assert kept.returncode == full.returncode == 2
    assert kept.stderr.count("\n") == 1 and kept.stderr.startswith("personakit: error: ")


def test_a_playbook_snapshot_rewritten_in_place_after_the_plan_is_read(ws: Path):
    """Rewriting a file in place changes no folder's stat: each snapshot's own stat is
    kept with the plan, since a run reads them all."""
    args = ["playbook", "ops-admin", *DAY]
    pk(*args, cwd=ws)  # keeps its plan
    assert plans(ws)
    snapshot = sorted((ws / "segments/ops-admin/playbook").glob("*.csv"))[0]
    with open(snapshot, "r+", encoding="utf-8") as handle:  # same inode, same folder
        handle.write("garbage\n")
    kept = pk(*args, cwd=ws)
    full = fresh(*args, cwd=ws)
    assert (kept.stdout, kept.stderr, kept.returncode) == (full.stdout, full.stderr, 2)
    assert "not a playbook snapshot" in kept.stderr


def test_a_folder_above_a_data_file_moved_out_and_linked_back_is_seen(ws: Path, tmp_path: Path):
    """`ext/accounts.csv` is only checked by the segment's run, never read again by its
    plan; `ext` moved out of the workspace and linked back keeps the file's stat, but not
    the folder's. The plan and lint's answer are then not used: a fresh run stops."""
    (ws / "ext").mkdir()
    os.rename(ws / "data/accounts.csv", ws / "ext/accounts.csv")
    replace(ws / "personakit.yaml", "path: data/accounts.csv", "path: ext/accounts.csv")
    settle(ws)
    wait_out_the_window()
    commands = [["segment", "ops-admin", *DAY], ["lint", *DAY], ["lint", "-f", "json", *DAY]]
    for args in commands:
        pk(*args, cwd=ws)
        pk(*args, cwd=ws)  # kept (a plan, a lint entry and a replay)
    os.rename(ws / "ext", tmp_path / "ext-out")
    (ws / "ext").symlink_to(tmp_path / "ext-out")
    for args in commands:
        kept = pk(*args, cwd=ws)
        full = fresh(*args, cwd=ws)
        assert (kept.stdout, kept.stderr, kept.returncode) == (
            full.stdout,
            full.stderr,
            full.returncode,
        ), args
        assert full.returncode != 0
