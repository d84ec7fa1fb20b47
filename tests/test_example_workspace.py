"""The repository's own example workspace is the demo: it must stay lint-clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import personakit
from tests.conftest import found, run_lint

REPO = Path(__file__).resolve().parent.parent


def test_example_workspace_is_clean():
    result = run_lint(REPO)
    assert found(result) == []
    assert result.exit_code == 0
    ws = result.workspace
    assert len(ws.personas) == 3
    assert len(ws.notes) >= 15
    assert {n.kind for n in ws.notes.values()} >= {"interview", "support-ticket", "churn-note"}
    assert len(ws.decisions) >= 2
    assert ws.sources["tickets"]


def test_example_counts_are_recomputed_not_trusted():
    session = run_lint(REPO).session
    ws = session.workspace
    counted = [e for e in ws.claims if e.claim.count is not None]
    assert len(counted) >= 8
    for entry in counted:
        count = entry.claim.count
        if count.segment is not None:  # a count from user data
            assert session.data.count(count, count.as_of) == (count.n, count.of)
            continue
        result = session.evidence.count(count)
        assert (result.n, result.of) == (count.n, count.of)


def test_readme_quick_start_lint_passes():
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_a_library_lint_used_as_a_context_closes_its_data_engine(tmp_path):
    # The example reads user data: a lint opens the data engine, which holds its files
    # until the result is closed (render and the language server build on it).
    shutil.copytree(REPO, tmp_path / "ws", ignore=shutil.ignore_patterns(".*", "site", "src"))
    root = tmp_path / "ws"
    with personakit.lint(root) as result:
        assert result.session.data is not None
    before = _open_files()
    for _ in range(3):
        with personakit.lint(root) as result:
            assert not result.findings
    kept = personakit.lint(root)
    assert _open_files() > before  # the engine's files, until closed
    kept.close()
    kept.close()  # twice is harmless
    assert _open_files() == before
