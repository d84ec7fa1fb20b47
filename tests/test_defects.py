"""A workspace holding every kind of defect: each reported with its code at its line,
nothing reported on the valid files, and the text and json reports held in golden files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from personakit.cli import app
from personakit.rules import RULES
from tests.conftest import found, run_lint
from tests.golden_masks import mask_parser_messages

DEFECTS = Path(__file__).parent / "fixtures" / "defects"
CLEAN_FILES = {
    "personas/clean.yaml",
    "interviews/clean-p1.md",
    "interviews/clean-p2.md",
    "journeys/onboarding.yaml",
    "decisions/clean.md",
}


# need user data: see test_segments.py; a playbook (PK404) needs a segment, so data too:
# see tests/rules/test_unbacked_step.py
DATA_RULES = {"PK401", "PK402", "PK403", "PK404"}


def test_every_rule_fires_and_clean_files_stay_clean():
    result = run_lint(DEFECTS)
    assert {f.code for f in result.findings} == set(RULES) - DATA_RULES
    assert not [f for f in result.findings if f.path in CLEAN_FILES]


def test_each_defect_at_its_line():
    expected = {
        ("decisions/bad.md", 5, "PK201"),
        ("interviews/bad-yaml.md", 3, "PK001"),
        ("interviews/dup-anchor.md", 7, "PK301"),
        ("interviews/dup-anchor.md", 9, "PK003"),
        ("interviews/dup-anchor.md", 11, "PK004"),
        ("interviews/dup-id.md", 2, "PK003"),
        ("interviews/orphan.md", 1, "PK204"),
        ("interviews/schema.md", 5, "PK002"),
        ("journeys/broken.yaml", 4, "PK003"),
        ("personakit.yaml", 1, "PK205"),
        ("personas/defects.yaml", 1, "PK203"),
        ("personas/defects.yaml", 5, "PK202"),
        ("personas/defects.yaml", 10, "PK101"),
        ("personas/defects.yaml", 12, "PK102"),
        ("personas/defects.yaml", 14, "PK110"),
        ("personas/defects.yaml", 16, "PK103"),
        ("personas/defects.yaml", 20, "PK104"),
        ("personas/defects.yaml", 23, "PK105"),
        ("personas/defects.yaml", 26, "PK106"),
        ("personas/defects.yaml", 27, "PK107"),
        ("personas/defects.yaml", 29, "PK108"),
        ("personas/defects.yaml", 32, "PK109"),
        ("personas/defects.yaml", 33, "PK201"),
        ("personas/typo.yaml", 6, "PK002"),
        ("sources/tickets.csv", 4, "PK003"),
    }
    assert expected <= set(found(run_lint(DEFECTS)))


def _cli(*args: str):
    return CliRunner().invoke(app, ["--root", str(DEFECTS), "lint", "--as-of", "2026-11-24", *args])


def test_text_report_golden(golden):
    result = _cli()
    assert result.exit_code == 1
    golden("defects.txt", mask_parser_messages(result.output, DEFECTS))


def test_json_report_golden(golden):
    result = _cli("--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert set(payload) == {"findings", "summary"}
    assert payload["summary"] == {"files": 18, "error": 16, "warning": 6, "info": 4}
    first = payload["findings"][0]
    assert list(first) == ["path", "line", "column", "code", "name", "severity", "message"]
    golden("defects.json", mask_parser_messages(result.output, DEFECTS))


def test_paths_narrow_the_report_but_references_resolve_everywhere():
    result = run_lint(DEFECTS, str(DEFECTS / "personas" / "clean.yaml"))
    # clean.yaml cites notes and a source row in other files: nothing to report, 1 file
    assert found(result) == []
    assert result.files == 1
    result = run_lint(DEFECTS, str(DEFECTS / "interviews"))
    assert {f.path.split("/")[0] for f in result.findings} == {"interviews"}
