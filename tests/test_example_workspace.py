"""The repository's own example workspace is the demo: it must stay lint-clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
