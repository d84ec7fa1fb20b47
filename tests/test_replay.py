"""A repeated `personakit lint` replayed before the command line is built (replay.py):
the same bytes and exit code as a real run, and never once anything it read changed.

Every test runs personakit as a program (only a program's run is recorded), on a copy
of the example workspace whose files have fallen out of the lint cache's racy window.
To tell a replay from a run that merely hit the lint cache, a test may rewrite the
recorded output to a marker: a replay prints the marker, anything else prints lint's
own report.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from personakit.cache import CACHE_DIR
from tests.conftest import read_entry, to_full_disk, write_entry
from tests.test_lint_cache import P01, _pk, example, replace, settle, wait_out_the_window

AS_OF = ["--as-of", "2026-11-24"]
MARKER = "REPLAYED\n"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


pk = _pk  # personakit as a program, in `cwd`, with `env` added


def replays(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("replay-*.json"))


def mark(root: Path) -> None:
    """Make every recorded output the marker, so that a replay shows itself."""
    for entry in replays(root):
        data = read_entry(entry)
        data["data"]["out"] = MARKER
        write_entry(entry, data)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = example(tmp_path)
    wait_out_the_window()
    return root


def test_a_repeated_lint_prints_the_same_bytes_and_exit_code(ws: Path):
    replace(ws / P01, "something to look at", "something to peek at")  # a PK103
    settle(ws)
    wait_out_the_window()
    for args in ([*AS_OF], ["--format", "json", *AS_OF], ["-q", *AS_OF], ["--statistics"]):
        fresh = pk("lint", "--no-cache", *args, cwd=ws)
        first = pk("lint", *args, cwd=ws)
        again = pk("lint", *args, cwd=ws)
        expected = (fresh.stdout, fresh.stderr, fresh.returncode)
        assert (first.stdout, first.stderr, first.returncode) == expected
        assert (again.stdout, again.stderr, again.returncode) == expected
        assert fresh.returncode == 1
    assert len(replays(ws)) == 4  # one per command line


def test_the_second_run_is_a_replay_until_a_cited_quote_changes(ws: Path):
    assert pk("lint", *AS_OF, cwd=ws).returncode == 0
    assert len(replays(ws)) == 1
    mark(ws)
    assert pk("lint", *AS_OF, cwd=ws).stdout == MARKER
    # The cache must never hide a finding: the quote a claim cites is changed.
    replace(ws / P01, "something to look at", "something to peek at")
    changed = pk("lint", *AS_OF, cwd=ws)
    assert changed.returncode == 1 and "PK103" in changed.stdout and MARKER not in changed.stdout


def test_a_data_file_change_is_not_replayed(ws: Path):
    assert pk("lint", *AS_OF, cwd=ws).returncode == 0
    mark(ws)
    tickets = next((ws / "data").rglob("*.csv"))
    with tickets.open("a", encoding="utf-8") as handle:
        handle.write(tickets.read_text(encoding="utf-8").splitlines()[-1] + "\n")
    assert pk("lint", *AS_OF, cwd=ws).stdout != MARKER


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"args": ["--format", "json", *AS_OF]}, id="other-arguments"),
        pytest.param({"args": ["lint", *AS_OF], "cwd": "personas"}, id="other-folder"),
        pytest.param({"env": {"NO_COLOR": "1"}}, id="other-environment"),
    ],
)
def test_anything_else_that_shapes_the_output_is_another_question(ws: Path, other: dict):
    assert pk("lint", *AS_OF, cwd=ws).returncode == 0
    mark(ws)
    args = other.get("args", ["lint", *AS_OF])
    if args[0] != "lint":
        args = ["lint", *args]
    cwd = ws / other.get("cwd", "")
    run = pk(*args, cwd=cwd, env=other.get("env"))
    assert run.returncode == 0 and run.stdout != MARKER


def test_a_config_appearing_between_the_folder_and_the_root_is_seen(ws: Path):
    inner = ws / "personas"
    assert pk("lint", *AS_OF, cwd=inner).returncode == 0
    assert pk("lint", *AS_OF, cwd=inner).returncode == 0  # recorded from personas/
    mark(ws)
    assert pk("lint", *AS_OF, cwd=inner).stdout == MARKER
    # personas/ becomes a workspace of its own: the same command line means another root.
    (inner / "personakit.yaml").write_text("version: 1\n", encoding="utf-8")
    run = pk("lint", *AS_OF, cwd=inner)
    assert run.stdout != MARKER


@pytest.mark.parametrize(
    "how",
    [
        pytest.param(lambda e: e.write_bytes(b"\x00{not json"), id="garbage"),
        pytest.param(
            lambda e: write_entry(e, {"version": "0.0.1", "data": {}}),
            id="foreign-version",
        ),
        pytest.param(
            lambda e: write_entry(e, {**read_entry(e), "data": {"key": 1, "out": 2}}),
            id="wrong-shape",
        ),
    ],
)
def test_a_corrupt_replay_entry_is_a_normal_run(ws: Path, how):
    first = pk("lint", *AS_OF, cwd=ws)
    (entry,) = replays(ws)
    how(entry)
    again = pk("lint", *AS_OF, cwd=ws)
    assert (again.stdout, again.returncode) == (first.stdout, first.returncode)


def test_a_replay_needs_its_lint_entry_to_still_hold(ws: Path):
    assert pk("lint", *AS_OF, cwd=ws).returncode == 0
    mark(ws)
    for entry in (ws / CACHE_DIR).glob("lint-*.json"):
        entry.unlink()
    assert pk("lint", *AS_OF, cwd=ws).stdout != MARKER


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-cache"], {}),
        ([], {"PERSONAKIT_NO_CACHE": "1"}),
        (["--output-file", "report.txt"], {}),
        (["--diff"], {}),
        (["--format", "github"], {"GITHUB_STEP_SUMMARY": "summary.md"}),
    ],
)
def test_runs_that_do_more_than_print_are_never_recorded(ws: Path, args, env):
    for _ in range(2):
        pk("lint", *args, *AS_OF, cwd=ws, env=env)
    assert replays(ws) == []


def test_the_environment_is_kept_as_a_digest_only(ws: Path):
    secret = "s3cr3t-token-value-" + "x" * 12
    env = {"SOME_API_TOKEN": secret}
    pk("lint", *AS_OF, cwd=ws, env=env)
    pk("lint", *AS_OF, cwd=ws, env=env)
    assert replays(ws)
    for entry in (ws / CACHE_DIR).iterdir():
        assert secret not in entry.read_text(encoding="utf-8", errors="replace")


def test_a_library_call_records_nothing(ws: Path):
    import personakit

    personakit.lint(ws, cache=True)
    personakit.lint(ws, cache=True)
    assert replays(ws) == []


def test_a_copy_in_the_same_place_with_the_same_times_is_not_trusted(ws: Path, tmp_path: Path):
    # What a planted cache amounts to: every recorded entry and every file's mtime as
    # they were, at the same path, yet not the same files.
    assert pk("lint", *AS_OF, cwd=ws).returncode == 0
    mark(ws)
    shutil.move(ws, tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", ws, copy_function=shutil.copy2)
    assert pk("lint", *AS_OF, cwd=ws).stdout != MARKER


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_replay_that_cannot_be_written_is_one_line(ws: Path):
    pk("lint", *AS_OF, cwd=ws)
    pk("lint", *AS_OF, cwd=ws)  # recorded
    assert replays(ws)
    run = to_full_disk(["lint", *AS_OF], ws)
    assert "Traceback" not in run.stderr
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("personakit: error: ")
