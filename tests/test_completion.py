"""Shell completion: Typer's installer for bash, zsh and fish, and what completing
offers (persona ids, note ids and anchors, claim ids, rule codes), never failing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit import completion
from personakit.cli import COMPLETE_VAR, app

REPO = Path(__file__).resolve().parent.parent


def complete_bash(words: str, cwd: Path = REPO) -> list[str]:
    """What bash's completion function would get for the command line `words` (the
    last word being the one completed; a trailing space starts a new one), asked of
    the command line in this process, run from `cwd`."""
    parts = words.split(" ")
    env = {COMPLETE_VAR: "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            app, [], env=env, prog_name="personakit", complete_var=COMPLETE_VAR
        )
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stdout.split()


def test_the_entry_point_answers_completion_requests():
    """`personakit` itself (here `python -m personakit`) answers the variable its
    completion scripts set."""
    proc = subprocess.run(
        [sys.executable, "-m", "personakit"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            COMPLETE_VAR: "complete_bash",
            "COMP_WORDS": "personakit show o",
            "COMP_CWORD": "2",
        },
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "ops-admin\n", "")


def complete_shell(shell: str, words: str, cwd: Path = REPO) -> str:
    """The raw answer to zsh's or fish's completion script for `words`."""
    env = {**os.environ, COMPLETE_VAR: f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    proc = subprocess.run(
        [sys.executable, "-m", "personakit"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# The installer ---------------------------------------------------------------------

SCRIPT_MARKS = {
    "bash": "complete -o default -F _personakit_completion personakit",
    "zsh": "#compdef personakit",
    "fish": "complete --command personakit",
}


@pytest.fixture
def shell_named(monkeypatch):
    # Typer's own switch: take the shell from the command line instead of detecting
    # the one this test runs in.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script_for_each_shell(shell_named, shell):
    result = CliRunner().invoke(app, ["--show-completion", shell], prog_name="personakit")
    assert result.exit_code == 0
    assert SCRIPT_MARKS[shell] in result.stdout
    assert f"{COMPLETE_VAR}=complete_{shell}" in result.stdout


INSTALLED = {
    "bash": (".bash_completions/personakit.sh", ".bashrc"),
    "zsh": (".zfunc/_personakit", ".zshrc"),
    "fish": (".config/fish/completions/personakit.fish", None),
}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_completion_writes_the_script_into_home(shell_named, tmp_path, shell):
    result = CliRunner().invoke(
        app, ["--install-completion", shell], prog_name="personakit", env={"HOME": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    script, rc = INSTALLED[shell]
    assert f"complete_{shell}" in (tmp_path / script).read_text()
    if rc:
        assert (tmp_path / rc).is_file()


def test_the_root_help_lists_the_installer():
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


# What completing offers ------------------------------------------------------------


def test_persona_ids_complete_where_a_persona_is_taken():
    assert complete_bash("personakit show o") == ["ops-admin"]
    assert complete_bash("personakit show ") == ["economic-buyer", "ops-admin", "team-member"]
    assert complete_bash("personakit segment e") == ["economic-buyer"]
    assert complete_bash("personakit top requests.feature --among t") == ["team-member"]
    assert complete_bash("personakit review o") == ["ops-admin"]
    assert complete_bash("personakit new job t") == ["team-member"]
    assert complete_bash("personakit new decision X --persona e") == ["economic-buyer"]
    assert complete_bash("personakit new interview --role o") == ["ops-admin"]


def test_root_given_before_the_command_is_used(make_workspace, tmp_path):
    root = make_workspace()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete_bash(f"personakit --root {root} show ", cwd=elsewhere) == ["admin"]
    assert complete_bash(f"personakit show --root {root} a", cwd=elsewhere) == ["admin"]
    assert complete_bash("personakit show ", cwd=elsewhere) == []  # no workspace here


def test_note_ids_anchors_and_claims_complete_in_citations():
    assert "p03#" in complete_bash("personakit new decision X --rests-on p0")
    assert "churn-relecloud#" in complete_bash("personakit new decision X --rests-on churn")
    assert complete_bash("personakit new decision X --rests-on p03#") == ["p03#q1", "p03#q2"]
    claims = complete_bash("personakit new decision X --rests-on ops-admin#")
    assert "ops-admin#integration-stall" in claims
    assert complete_bash("personakit new decision X --rests-on ops-admin#integ") == [
        "ops-admin#integration-stall"
    ]


def test_rule_codes_complete_for_rules_and_selection():
    assert complete_bash("personakit rules PK10") == [f"PK10{n}" for n in range(1, 10)]
    assert complete_bash("personakit rules PK20") == [f"PK20{n}" for n in range(1, 6)]
    assert complete_bash("personakit lint --select PK40") == ["PK401", "PK402", "PK403", "PK404"]
    assert complete_bash("personakit lint --ignore PK101,PK40") == [
        "PK101,PK401",
        "PK101,PK402",
        "PK101,PK403",
        "PK101,PK404",
    ]
    assert complete_bash("personakit lint --extend-select A") == ["ALL"]


def test_zsh_and_fish_get_rule_names_beside_the_codes():
    assert '"PK107":"single-voice"' in complete_shell("zsh", "personakit rules PK107")
    assert "PK107\tsingle-voice" in complete_shell("fish", "personakit rules PK107")
    assert "ops-admin" in complete_shell("fish", "personakit show o")


# A broken workspace gives nothing, quickly, never a traceback ------------------------


@pytest.mark.parametrize(
    "breakage",
    ["config", "personas-is-a-file", "fifo", "link-loop", "unreadable", "odd-names"],
)
def test_a_broken_workspace_never_breaks_completion(make_workspace, breakage):
    root = make_workspace({"personakit.yaml": "title: [broken\n"} if breakage == "config" else {})
    if breakage == "personas-is-a-file":
        for path in (root / "personas").iterdir():
            path.unlink()
        (root / "personas").rmdir()
        (root / "personas").write_text("not a folder")
    elif breakage == "fifo":
        os.mkfifo(root / "interviews" / "stuck.md")
        os.mkfifo(root / "personas" / "stuck.yaml")
    elif breakage == "link-loop":
        (root / "interviews" / "loop").symlink_to(root / "interviews")
        (root / "personas" / "away.yaml").symlink_to("/dev/zero")
    elif breakage == "unreadable":
        (root / "interviews").chmod(0)
    elif breakage == "odd-names":
        (root / "personas" / "a b;rm -rf.yaml").write_text("name: x\n")
        (root / "personas" / "$(touch pwned).yaml").write_text("name: x\n")
    try:
        start = time.monotonic()
        personas = complete_bash("personakit show ", cwd=root)
        cites = complete_bash("personakit new decision X --rests-on a", cwd=root)
        codes = complete_bash("personakit rules PK00", cwd=root)
        assert time.monotonic() - start < 10  # no hang on a FIFO or a loop
    finally:
        (root / "interviews").chmod(0o755)
    assert codes == ["PK001", "PK002", "PK003", "PK004"]
    assert all(" " not in p and "$" not in p for p in personas + cites)
    if breakage in ("config", "fifo", "link-loop", "odd-names"):
        assert "admin" in personas
    if breakage == "personas-is-a-file":
        assert personas == []
    assert not (root / "pwned").exists()


# The library -----------------------------------------------------------------------


def test_a_notes_front_matter_id_wins_over_its_stem(tmp_path):
    notes = tmp_path / "interviews"
    notes.mkdir()
    (notes / "2026-10-07-p11.md").write_text("---\nid: p11\ndate: 2026-10-07\n---\n> Hi. ^q1\n")
    (notes / "untitled.md").write_text("No front matter.\n")
    (notes / "quoted.md").write_text("---\nid: 'p12'  # a comment\n---\n")
    assert completion.note_ids(tmp_path) == ["p11", "p12", "untitled"]
    # past the time budget, stems stand in for ids
    assert completion.note_ids(tmp_path, budget=0) == ["2026-10-07-p11", "quoted", "untitled"]
    assert completion.quote_anchors(tmp_path, "p11") == ["q1"]


def test_safely_swallows_every_error():
    def broken() -> list[str]:
        raise RuntimeError("boom")

    assert completion.safely(broken) == []
