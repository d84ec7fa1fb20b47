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
from personakit.scaffold import (
    add_job,
    init_workspace,
    new_decision,
    new_interview,
    new_journey,
    new_persona,
)

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


# --- an id that already exists under another name ----------------------------------


def test_a_persona_already_written_as_yml_is_not_written_again(root: Path) -> None:
    (root / "personas" / "buyer.yml").write_text("name: Bo\nrole: buys\npriority: primary\n")
    with pytest.raises(WorkspaceError, match=r"personas/buyer\.yml"):
        new_persona(root, "buyer", "Bo", "buys")
    assert not (root / "personas" / "buyer.yaml").exists()


def test_a_journey_already_written_as_yml_is_not_written_again(root: Path) -> None:
    (root / "journeys" / "trial.yml").write_text("title: T\nsteps:\n  - id: a\n    title: A\n")
    with pytest.raises(WorkspaceError, match=r"journeys/trial\.yml"):
        new_journey(root, "trial", "Trial", ["Sign up"])
    assert not (root / "journeys" / "trial.yaml").exists()


@pytest.mark.parametrize("note_id", ["x", None])
def test_a_note_id_taken_in_a_subfolder_is_not_written_again(
    root: Path, note_id: str | None
) -> None:
    taken = root / "interviews" / "2026" / f"{note_id or '2026-10-01-p05'}.md"
    taken.parent.mkdir()
    taken.write_text("---\ndate: 2026-10-01\nkind: interview\nparticipant: P05\n---\n# P05\n")
    before = sorted(p.name for p in (root / "interviews").iterdir())
    with pytest.raises(WorkspaceError, match=r"interviews/2026/"):
        new_interview(root, "P05", TODAY, note_id=note_id)
    assert sorted(p.name for p in (root / "interviews").iterdir()) == before


def test_a_job_is_added_to_a_persona_written_as_yml(root: Path) -> None:
    (root / "personas" / "admin.yaml").rename(root / "personas" / "admin.yml")
    path = add_job(root, "admin", "the trial ends", "to keep my data", "I can go on")
    assert path == root / "personas" / "admin.yml"
    assert "to keep my data" in path.read_text()
    assert not (root / "personas" / "admin.yaml").exists()
    result = lint(root, today=TODAY)
    assert [f.path for f in result.findings if f.code == "PK101"] == ["personas/admin.yml"]


def test_a_job_for_a_persona_in_two_files_is_refused(root: Path) -> None:
    text = (root / "personas" / "admin.yaml").read_text()
    (root / "personas" / "admin.yml").write_text(text)
    with pytest.raises(WorkspaceError, match=r"admin\.yml"):
        add_job(root, "admin", "the trial ends", "to keep my data", "I can go on")
    assert (root / "personas" / "admin.yaml").read_text() == text
    assert (root / "personas" / "admin.yml").read_text() == text


def test_new_job_on_the_command_line_finds_a_yml_persona(root: Path) -> None:
    (root / "personas" / "admin.yaml").rename(root / "personas" / "admin.yml")
    command = [sys.executable, "-m", "personakit", "new", "job", "admin", "--no-input"]
    options = ["--when", "W", "--want", "to go", "--so", "S", "--root", str(root)]
    proc = subprocess.run([*command, *options], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "personas/admin.yml" in proc.stdout


# --- init: the title made from the folder's name -----------------------------------


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("nl\nname", "Nl name research"),
        ("cr\rname", "Cr name research"),
        ("tab\tname", "Tab name research"),
        ("bidi\u202ename", "Bidi name research"),
        ("esc\x1b[31mred", "Esc [31mred research"),
        ("ops-team", "Ops team research"),
    ],
)
def test_a_title_made_from_the_folder_name_is_one_line_of_text(
    tmp_path: Path, name: str, title: str
) -> None:
    from personakit.workspace.config import load_config

    init_workspace(tmp_path / name, today=TODAY)
    text = (tmp_path / name / "personakit.yaml").read_text()
    assert load_config(tmp_path / name, text)[0].title == title


def test_a_folder_name_holding_a_suppression_asks_for_a_title(tmp_path: Path) -> None:
    folder = tmp_path / "x personakit: ignore[PK205] y"
    with pytest.raises(WorkspaceError, match="--title"):
        init_workspace(folder, today=TODAY)
    assert not (folder / "personakit.yaml").exists()
    assert init_workspace(folder, title="Research", today=TODAY)


# --- ids that cannot be file names everywhere ------------------------------------


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_an_id_windows_cannot_hold_as_a_file_name_is_refused(root: Path, name: str) -> None:
    # The workspace is a git repository: a teammate on Windows could not check out
    # `personas/con.yaml` at all.
    with pytest.raises(WorkspaceError, match="Windows"):
        new_persona(root, name, "N", "R")
    with pytest.raises(WorkspaceError, match="Windows"):
        new_journey(root, name, "T", ["Sign up"])
    with pytest.raises(WorkspaceError, match="Windows"):
        new_interview(root, "P05", TODAY, note_id=name)
    assert not list(root.rglob(f"{name}.*"))


def test_ids_that_only_start_like_a_reserved_name_are_fine(root: Path) -> None:
    assert new_persona(root, "console-admin", "N", "R").name == "console-admin.yaml"
    assert new_persona(root, "com10", "N", "R").name == "com10.yaml"
    assert new_journey(root, "aux-flow", "T", ["Sign up"]).name == "aux-flow.yaml"
