"""Notes read on two cores (workspace/note_pool.py) give exactly what one core gives:
the same findings in every format, the same one-line stop for a link out of the
workspace, and no hang on a FIFO, wherever in the list the odd file falls.

`PERSONAKIT_JOBS=2` makes the loader fork a worker however few the notes; each run is
a subprocess, so that forking is judged safe as it is for a user (a test process may
hold a data engine's threads, and then the loader rightly reads on one core).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_lint_cache import generated

AS_OF = "2026-11-24"


def pk(root: Path, *args: str, jobs: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "PERSONAKIT_JOBS": str(jobs), "PERSONAKIT_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "personakit", "--root", str(root), "lint", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def add_odd_notes(root: Path) -> None:
    """Broken notes whose names sort last, so that they fall in a worker's share."""
    notes = root / "interviews"
    (notes / "zz-1-unclosed.md").write_text("---\nid: zz1\ndate: [2026-01-01\n---\n# x\n")
    (notes / "zz-2-unknown-field.md").write_text(
        "---\nid: zz2\ndate: 2026-01-01\nkind: interview\nparticipant: P1\nrloe: x\n---\n"
        "> a quote ^q1 #late\n"
    )
    (notes / "zz-3-duplicate.md").write_text(
        (notes / sorted(p.name for p in notes.glob("*.md"))[0]).read_text()
    )
    (notes / "zz-4-two-anchors.md").write_text(
        "---\nid: zz4\ndate: 2026-01-01\nkind: interview\nparticipant: P2\n---\n"
        "> first part ^q1\n> second part ^q2\n"
    )
    os.mkfifo(notes / "zz-5-fifo.md")


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_two_cores_report_exactly_what_one_core_reports(tmp_path: Path, fmt: str):
    root = generated(tmp_path)
    add_odd_notes(root)
    one = pk(root, "--format", fmt, "--as-of", AS_OF, jobs=1)
    two = pk(root, "--format", fmt, "--as-of", AS_OF, jobs=2)
    assert one.returncode == 1, one.stderr
    assert (two.stdout, two.stderr, two.returncode) == (one.stdout, one.stderr, one.returncode)
    for code in ("PK001", "PK002", "PK004"):
        assert code in one.stdout


def test_a_link_out_in_a_worker_s_share_stops_the_command_the_same_way(tmp_path: Path):
    root = generated(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: s\n---\n")
    (root / "interviews" / "zz-link-out.md").symlink_to(outside)
    one = pk(root, jobs=1)
    two = pk(root, jobs=2)
    assert one.returncode == 2 and "zz-link-out.md" in one.stderr
    assert len(one.stderr.strip().splitlines()) == 1
    assert (two.stdout, two.stderr, two.returncode) == (one.stdout, one.stderr, one.returncode)


# Lints ROOT with the loader's workers watched: prints how many notes were loaded, how
# many notes each forked worker was given, and every finding. With a last argument, every
# worker kills itself (as the kernel's out-of-memory killer would) before reading.
LINT = """
import datetime as dt, json, os, signal, sys
from personakit.linter import lint
from personakit.workspace import note_pool

forks = []

class Watched(note_pool.Forked):
    def start(self, call, *args):
        forks.append(len(args[0]))  # the notes of the share it is given
        return super().start(call, *args)

note_pool.Forked = Watched
if len(sys.argv) > 2:
    parent = os.getpid()

    def dying(chunk):
        assert os.getpid() != parent
        os.kill(os.getpid(), signal.SIGKILL)

    note_pool._read_chunk = dying
result = lint(sys.argv[1], today=dt.date(2026, 11, 24))
findings = sorted((f.code, f.path, f.line, f.message) for f in result.findings)
print(json.dumps([len(result.workspace.notes), forks, findings]))
"""


def lint_watched(root: Path, jobs: int, *kill: str) -> list:
    env = {**os.environ, "PERSONAKIT_JOBS": str(jobs), "PERSONAKIT_NO_CACHE": "1"}
    run = subprocess.run(
        [sys.executable, "-c", LINT, str(root), *kill],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_worker_really_starts(tmp_path: Path):
    notes, forks, _findings = lint_watched(generated(tmp_path), 2)
    assert (notes, forks) == (200, [100])  # half the notes, the loader reads the rest


def test_a_killed_worker_s_share_is_read_here_and_nothing_waits_forever(tmp_path: Path):
    root = generated(tmp_path)
    add_odd_notes(root)
    one = lint_watched(root, 1)
    killed = lint_watched(root, 2, "kill")
    assert one[1] == [] and len(killed[1]) == 1
    assert killed[0] == one[0] and killed[2] == one[2]
    assert {"PK001", "PK002", "PK004"} <= {code for code, *_rest in one[2]}


def test_one_core_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from personakit.workspace import note_pool

    monkeypatch.setenv("PERSONAKIT_JOBS", "1")
    monkeypatch.setattr(note_pool, "Forked", None)  # any use would fail
    from personakit.workspace import load_workspace

    assert len(load_workspace(generated(tmp_path)).notes) == 200


def test_forking_is_never_judged_safe_on_macos(monkeypatch):
    # Python itself spawns rather than forks there: a forked child may crash in the
    # system's libraries. Notes are then read in one process, and pages rendered by
    # spawned workers.
    import personakit.forking as forking

    # As for a command that loaded no data engine and runs no other thread:
    for engine in ("duckdb", "pyspark", "psycopg"):
        monkeypatch.delitem(sys.modules, engine, raising=False)
    monkeypatch.setattr(forking.threading, "active_count", lambda: 1)
    assert forking.fork_is_safe()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not forking.fork_is_safe()
