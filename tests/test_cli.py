"""The command line as a user runs it: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app

REPO = Path(__file__).resolve().parent.parent


def pk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "personakit", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("personakit: error: ")
    for needle in needles:
        assert needle in lines[0]


def test_version():
    proc = pk("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == "personakit 0.1.0"


def test_no_workspace(tmp_path):
    assert_one_line_error(pk("lint", cwd=tmp_path), "no personakit.yaml")


def test_bad_option():
    assert_one_line_error(pk("lint", "--bogus"), "--bogus")
    assert_one_line_error(pk("lint", "--format", "xml"), "xml")
    assert_one_line_error(pk("lint", "--as-of", "yesterday"), "yesterday")


def test_unreadable_and_non_utf8_files(make_workspace):
    root = make_workspace({"interviews/c.md": "---\n"})
    (root / "interviews" / "c.md").write_bytes(b"---\ndate: 2026-10-01\n\xff\xfe\n---\n")
    assert_one_line_error(pk("lint", cwd=root), "interviews/c.md:3", "not UTF-8")
    if os.geteuid() != 0:  # root reads anything
        path = root / "interviews" / "c.md"
        path.write_text("---\n---\n")
        path.chmod(0)
        assert_one_line_error(pk("lint", cwd=root), "interviews/c.md", "cannot read")


def test_broken_config_names_the_line(make_workspace):
    root = make_workspace({"personakit.yaml": "title: T\nrules:\n  PK999: off\n"})
    assert_one_line_error(pk("lint", cwd=root), "personakit.yaml:3", "unknown rule 'PK999'")
    root = make_workspace({"personakit.yaml": "title: T\nrules:\n  PK108: {max_age: 3}\n"})
    assert_one_line_error(pk("lint", cwd=root), "personakit.yaml:3", "unknown option 'max_age'")
    root = make_workspace({"personakit.yaml": "title: [T\n"})
    assert_one_line_error(pk("lint", cwd=root), "personakit.yaml:")
    root = make_workspace(
        {
            "personakit.yaml": "title: T\nsources:\n  t: {path: ../../etc/passwd, columns: {id: a, text: b}}\n"
        }
    )
    assert_one_line_error(pk("lint", cwd=root), "sources.t.path")


def test_source_outside_the_workspace_is_refused(make_workspace, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("id,body\nT-1,x\n")
    root = make_workspace(
        {
            "personakit.yaml": "title: T\nsources:\n  t: {path: ../outside.csv, columns: {id: id, text: body}}\n"
        }
    )
    assert_one_line_error(pk("lint", cwd=root), "outside the workspace")


def test_path_that_does_not_exist(make_workspace):
    assert_one_line_error(
        pk("lint", "personas/nope.yaml", cwd=make_workspace()), "personas/nope.yaml"
    )


def test_walks_up_to_the_root_and_root_option(make_workspace):
    root = make_workspace()
    proc = pk("lint", "--as-of", "2026-11-24", cwd=root / "personas")
    assert proc.returncode == 0, proc.stdout
    assert "All clear: no findings in 6 files." in proc.stdout
    proc = pk("--root", str(root), "lint", "--as-of", "2026-11-24", cwd=root.parent)
    assert proc.returncode == 0
    proc = pk("lint", "--root", str(root), "--as-of", "2026-11-24", cwd=root.parent)
    assert proc.returncode == 0


def test_strict_fails_on_warnings(make_workspace):
    root = make_workspace({"decisions/split.md": None})  # PK203 warning only
    runner = CliRunner()
    base = ["--root", str(root), "lint", "--as-of", "2026-11-24", "--format", "json"]
    result = runner.invoke(app, base)
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["warning"] == 1
    assert runner.invoke(app, [*base, "--strict"]).exit_code == 1


def test_lint_never_writes(make_workspace):
    root = make_workspace({"personas/admin.yaml": "name: [broken\n"})
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    proc = pk("lint", cwd=root)
    assert proc.returncode == 1
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before


def test_rules_lists_and_explains():
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "PK104  count-mismatch" in result.output
    result = CliRunner().invoke(app, ["rules", "single-voice"])
    assert result.exit_code == 0
    assert result.output.startswith("## PK107 single-voice")
    assert "## Why it matters" in result.output
    assert_one_line_error(pk("rules", "PK999"), "no rule 'PK999'")


def test_rule_reference_page_is_generated_from_the_rules():
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "--markdown"])
    assert page == result.output, (
        "docs/rules.md is stale: personakit rules --markdown > docs/rules.md"
    )


def test_lint_does_not_import_heavy_optional_modules():
    code = (
        "import sys, personakit.cli\n"
        "assert 'pydantic' not in sys.modules and 'rich' not in sys.modules, 'eager import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_hostile_files_are_findings_not_tracebacks(make_workspace):
    root = make_workspace(
        {
            "personas/deep.yaml": "name: " + "[" * 3000 + "]" * 3000 + "\n",
            "personas/list.yaml": "- just\n- a list\n",
            "personas/types.yaml": (
                "name: X\nrole: R\npriority: primary\njourney: [a]\nanxieties: {text: x}\n"
                "jobs:\n  - quotes: p1#q1\n    count: {n: five, of: 3, among: {role: {x: 1}}}\n"
            ),
            "interviews/bad-date.md": "---\ndate: 2026-13-45\nkind: interview\nparticipant: P\n---\n",
            "interviews/empty.md": "---\n---\n",
            "interviews/zero.md": "",
            "journeys/bin.yaml": "\x00\x01",
        }
    )
    proc = pk("lint", "--format", "json", cwd=root)
    assert proc.returncode == 1
    assert proc.stderr == ""
    findings = json.loads(proc.stdout)["findings"]
    by_path = {f["path"]: f for f in findings}
    # Our code and position; the wording may be the YAML library's own.
    assert (by_path["personas/deep.yaml"]["code"], by_path["personas/deep.yaml"]["line"]) == (
        "PK001",
        1,
    )
    assert by_path["personas/list.yaml"]["code"] == "PK002"
    assert by_path["interviews/bad-date.md"]["line"] == 2
    assert by_path["journeys/bin.yaml"]["code"] == "PK001"
    assert len([f for f in findings if f["path"] == "personas/types.yaml"]) == 5


def test_version_is_answered_without_building_the_command_line():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "personakit", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("personakit ")
    assert "typer" not in proc.stderr  # the import log: nothing of the command line


@pytest.mark.parametrize(
    "args",
    [
        ("rules",),  # plain prints
        ("show", "ops-admin"),  # a Rich panel: Rich would exit 1 on its own
        ("tags",),  # a Rich table
        ("segment", "ops-admin"),
        ("lint", "--no-cache"),
    ],
)
def test_a_reader_that_went_away_is_exit_2_with_nothing_said(args):
    # The reader's end is closed before personakit writes: every write fails at once.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "personakit", *args],
            cwd=REPO,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )
    finally:
        os.close(writer)
    assert (proc.returncode, proc.stderr) == (2, "")
