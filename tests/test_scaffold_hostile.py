"""`personakit init` and `new` against hostile or mistaken input, from a hostile review:
a value lint would refuse is refused before anything is written, in one line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.linter import lint
from personakit.scaffold import init_workspace, new_decision

TODAY = dt.date(2026, 10, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "ws", today=TODAY)
    return tmp_path / "ws"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//evil.test/x",
        "https://",
        "vbscript:x",
    ],
)
def test_a_link_lint_refuses_is_refused_before_writing(root: Path, link: str) -> None:
    before = sorted(p.name for p in (root / "decisions").iterdir())
    with pytest.raises(WorkspaceError, match="--link"):
        new_decision(root, "Ship it", TODAY, link=link)
    assert sorted(p.name for p in (root / "decisions").iterdir()) == before


@pytest.mark.parametrize(
    "link", ["https://tracker.example.com/T-1", "mailto:pm@example.com", "../notes.md"]
)
def test_a_safe_link_is_written_and_lints_clean(root: Path, link: str) -> None:
    path = new_decision(root, "Ship it", TODAY, link=link)
    assert f"link: {link}" in path.read_text()
    result = lint(root, today=TODAY)
    assert not [f for f in result.findings if f.severity == "error"], result.findings


def test_the_command_says_it_in_one_line_exit_2(root: Path) -> None:
    command = [sys.executable, "-m", "personakit", "new", "decision", "Ship it"]
    options = ["--link", "javascript:alert(1)", "--no-input", "--root", str(root)]
    proc = subprocess.run(
        [*command, *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--link" in proc.stderr
    assert "Traceback" not in proc.stderr
