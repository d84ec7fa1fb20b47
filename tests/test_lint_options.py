"""lint's command-line conventions: -q/-qq, --statistics, --output-file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app

FLAWED = {
    "personas/admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, b#q1]
            count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}
        motivations:
          - text: Wants the rollout to count
            quotes: [a#q1]
        anxieties:
          - text: Fears an empty first screen
          - text: Fears a slow import
        """,
    "interviews/c.md": """\
        ---
        id: c
        date: 2026-10-03
        kind: interview
        participant: P03
        role: ops-admin
        ---
        # C

        > Nothing to see here. ^q1
        """,
}


@pytest.fixture
def flawed(make_workspace) -> Path:
    """Two PK101, one PK104, one PK107 (warning), one PK204 (info)."""
    return make_workspace(FLAWED)


def lint(root: Path, *args: str, **env: str):
    return CliRunner().invoke(
        app, ["--root", str(root), "lint", "--as-of", "2026-11-24", *args], env=env or None
    )


# -q / -qq ------------------------------------------------------------------------


def test_quiet_prints_only_the_summary(flawed):
    result = lint(flawed, "-q")
    assert result.exit_code == 1
    assert result.stdout == (
        "Found 3 errors, 1 warning, 1 info in 7 files.\n"
        "1 info hidden; --show-info shows them.\n"
        "1 fixable with `personakit lint --fix`.\n"
    )
    assert lint(flawed, "--quiet").stdout == result.stdout


def test_very_quiet_prints_nothing_and_keeps_the_exit_code(flawed):
    result = lint(flawed, "-qq")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert lint(flawed, "-q", "-q").stdout == ""


def test_very_quiet_on_a_clean_workspace(make_workspace):
    clean = lint(make_workspace(), "-qq")
    assert (clean.exit_code, clean.stdout) == (0, "")


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_quiet_leaves_a_machine_format_whole_and_very_quiet_empties_it(flawed, fmt):
    whole = lint(flawed, "--format", fmt).stdout
    assert lint(flawed, "--format", fmt, "-q").stdout == whole
    assert lint(flawed, "--format", fmt, "-qq").stdout == ""


# --statistics ---------------------------------------------------------------------


def test_statistics_counts_findings_per_rule_most_first(flawed, golden):
    result = lint(flawed, "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["2", "PK101", "unsupported-claim", "error"]
    # ties by code
    assert [line.split()[1] for line in lines[1:4]] == ["PK104", "PK107", "PK204"]
    golden("statistics.txt", result.stdout)


def test_statistics_as_json(flawed):
    result = lint(flawed, "--statistics", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {"code": "PK101", "name": "unsupported-claim", "severity": "error", "count": 2},
        {"code": "PK104", "name": "count-mismatch", "severity": "error", "count": 1},
        {"code": "PK107", "name": "single-voice", "severity": "warning", "count": 1},
        {"code": "PK204", "name": "orphan-note", "severity": "info", "count": 1},
    ]


def test_statistics_of_a_clean_run(make_workspace):
    root = make_workspace()
    assert lint(root, "--statistics").stdout == "All clear: no findings in 6 files.\n"
    assert lint(root, "--statistics", "--format", "json").stdout == "[]\n"


def test_statistics_refuse_a_format_they_cannot_take(flawed):
    result = lint(flawed, "--statistics", "--format", "sarif")
    assert result.exit_code == 2
    assert "--statistics prints text or json, not sarif" in result.stderr


def test_statistics_are_text_in_github_actions_unless_asked(flawed):
    result = lint(flawed, "--statistics", GITHUB_ACTIONS="true")
    assert result.stdout.startswith("2  PK101")


# --output-file --------------------------------------------------------------------


def test_output_file_gets_the_report_and_stdout_nothing(flawed, tmp_path):
    target = tmp_path / "out" / "report.json"  # a missing folder is made
    result = lint(flawed, "--format", "json", "--output-file", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text())["summary"]["error"] == 3
    assert lint(flawed, "--format", "json").stdout == target.read_text()


def test_output_file_is_whole_and_uncoloured_whatever_quiet_and_colour_say(flawed, tmp_path):
    target = tmp_path / "report.txt"
    result = lint(flawed, "-qq", "--color", "always", "-o", str(target))
    assert result.exit_code == 1
    text = target.read_text()
    assert "PK101 unsupported-claim" in text and "Found 3 errors" in text
    assert "\x1b[" not in text


def test_output_file_replaces_a_file_and_keeps_its_mode(flawed, tmp_path):
    target = tmp_path / "reports" / "report.txt"
    target.parent.mkdir()
    target.write_text("old\n")
    target.chmod(0o640)
    lint(flawed, "-o", str(target))
    assert target.read_text().startswith("personas/admin.yaml:")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in target.parent.iterdir()] == ["report.txt"]  # no temporary left


def test_output_file_never_writes_through_a_symlink(flawed, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    link = tmp_path / "report.txt"
    link.symlink_to(victim)
    result = lint(flawed, "-o", str(link))
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert "--output-file" in result.stderr
    assert victim.read_text() == "keep me\n"
    assert link.is_symlink()


def test_output_file_refuses_a_read_only_file(flawed, tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old\n")
    target.chmod(0o444)
    result = lint(flawed, "-o", str(target))
    assert result.exit_code == 2
    assert "read-only" in result.stderr
    assert target.read_text() == "old\n"


def test_output_file_that_is_a_folder_is_one_line(flawed, tmp_path):
    result = lint(flawed, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("personakit: error: --output-file ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_output_file_with_statistics(flawed, tmp_path):
    target = tmp_path / "stats.json"
    lint(flawed, "--statistics", "--format", "json", "-o", str(target))
    assert json.loads(target.read_text())[0]["code"] == "PK101"


def test_statistics_format_is_refused_before_any_work(tmp_path):
    # No workspace at all: the option combination is told first.
    result = CliRunner().invoke(
        app, ["--root", str(tmp_path / "none"), "lint", "--statistics", "--format", "junit"]
    )
    assert result.exit_code == 2
    assert "--statistics prints text or json, not junit" in result.stderr
