"""`personakit init` and `personakit new`, run as a user runs them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import personakit
from tests.conftest import run_lint
from tests.test_cli import assert_one_line_error, pk


def test_init_then_every_new_command_non_interactively(tmp_path: Path):
    proc = pk("init", "ws", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "ws"
    assert "Wrote personakit.yaml" in proc.stdout
    ignored = (root / ".gitignore").read_text().split()
    assert "site/" in ignored and ".personakit_cache/" in ignored
    for folder in ("personas", "interviews", "journeys", "decisions", "sources"):
        assert (root / folder).is_dir()
    # a fresh workspace lints clean, today: nothing at all to report
    assert personakit.lint(root).findings == []

    steps = [
        (
            "new",
            "persona",
            "buyer",
            "--name",
            "Bea, the budget holder",
            "--role",
            "Signs the renewal",
            "--priority",
            "primary",
            "--buying-influence",
            "decision-maker",
            "--context",
            "evaluating",
        ),
        (
            "new",
            "interview",
            "--participant",
            "P07",
            "--role",
            "buyer",
            "--kind",
            "churn-note",
            "--date",
            "2026-10-07",
            "--tag",
            "renewal,seats",
        ),
        (
            "new",
            "journey",
            "renewal",
            "--title",
            "Up to the renewal",
            "--step",
            "Usage review",
            "--step",
            "decide:Decides",
        ),
        (
            "new",
            "decision",
            "Show usage before renewal",
            "--persona",
            "buyer",
            "--date",
            "2026-11-20",
        ),
        (
            "new",
            "job",
            "buyer",
            "--when",
            "the renewal is due",
            "--want",
            "to see usage",
            "--so",
            "I can justify the spend",
        ),
    ]
    for args in steps:
        proc = pk(*args, "--no-input", cwd=root)
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stdout.startswith(("Wrote ", "Added a job story to ")), proc.stdout
        assert "\nNext: " in proc.stdout
    note = (root / "interviews" / "2026-10-07-p07.md").read_text()
    assert "kind: churn-note" in note and "tags: [renewal, seats]" in note
    assert (root / "journeys" / "renewal.yaml").read_text() == (
        "# yaml-language-server: $schema=../schemas/journey.schema.json\n"
        "title: Up to the renewal\nsteps:\n  - {id: usage-review, title: Usage review}\n"
        "  - {id: decide, title: Decides}\n"
    )
    assert (root / "decisions" / "2026-11-20-show-usage-before-renewal.md").exists()
    result = run_lint(root)
    # the scaffolds are valid; the job has no evidence yet and the note nothing cited
    assert {f.code for f in result.findings} == {"PK101", "PK204"}


def test_interview_date_defaults_to_today(tmp_path: Path):
    pk("init", "ws", cwd=tmp_path)
    # Today as the command saw it: the day it began or, past midnight, the next.
    days = {dt.date.today().isoformat()}
    proc = pk("new", "interview", "--participant", "P9", "--no-input", cwd=tmp_path / "ws")
    days.add(dt.date.today().isoformat())
    assert proc.returncode == 0
    written = sorted(p.name for p in (tmp_path / "ws" / "interviews").glob("*-p9.md"))
    assert len(written) == 1 and written[0] in {f"{day}-p9.md" for day in days}


def test_refusals(tmp_path: Path):
    pk("init", "ws", cwd=tmp_path)
    root = tmp_path / "ws"
    assert_one_line_error(pk("init", "ws", cwd=tmp_path), "already holds a workspace")
    persona = root / "personas" / "admin.yaml"
    before = persona.read_text()
    assert_one_line_error(
        pk("new", "persona", "admin", "--name", "X", "--role", "Y", "--no-input", cwd=root),
        "personas/admin.yaml",
        "never overwrites",
    )
    assert persona.read_text() == before
    assert_one_line_error(pk("new", "persona", "Ops_Admin", "--no-input", cwd=root), "'ops-admin'")
    assert_one_line_error(pk("new", "persona", "x", "--no-input", cwd=root), "missing --name")
    assert_one_line_error(
        pk(
            "new",
            "persona",
            "x",
            "--name",
            "X",
            "--role",
            "Y",
            "--priority",
            "top",
            "--no-input",
            cwd=root,
        ),
        "'top' is not one of 'primary', 'secondary', 'not-targeted'",
    )
    assert_one_line_error(pk("new", "interview", "--no-input", cwd=root), "missing --participant")
    assert_one_line_error(
        pk(
            "new",
            "interview",
            "--participant",
            "P1",
            "--date",
            "07/10/2026",
            "--no-input",
            cwd=root,
        ),
        "not a date",
    )
    assert_one_line_error(
        pk("new", "journey", "j", "--title", "T", "--no-input", cwd=root), "--step"
    )
    assert_one_line_error(pk("new", "job", "ghost", "--no-input", cwd=root), "no persona 'ghost'")
    assert_one_line_error(
        pk("new", "job", "admin", "--when", "a", "--no-input", cwd=root), "missing --want"
    )


def test_no_terminal_means_no_prompt(tmp_path: Path):
    """Without a terminal (CI, pipes) missing values are errors even without --no-input."""
    pk("init", "ws", cwd=tmp_path)
    assert_one_line_error(pk("new", "persona", "x", cwd=tmp_path / "ws"), "missing --name")


def test_workspace_templates_override_built_in_ones(tmp_path: Path):
    pk("init", "ws", cwd=tmp_path)
    root = tmp_path / "ws"
    (root / "templates" / "new").mkdir(parents=True)
    (root / "templates" / "new" / "journey.yaml.j2").write_text(
        "# Our house style\ntitle: {{ title | yaml }}\nsteps:\n"
        "{%- for step in steps %}\n  - {id: {{ step.id }}, title: {{ step.title | yaml }}}\n{%- endfor %}\n"
    )
    assert (
        pk(
            "new", "journey", "j", "--title", "T", "--step", "One", "--no-input", cwd=root
        ).returncode
        == 0
    )
    assert (root / "journeys" / "j.yaml").read_text().startswith("# Our house style\n")
