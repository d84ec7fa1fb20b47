"""The text report's summary: root causes first, and info findings hidden unless asked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from personakit.cli import app
from personakit.findings import Finding, Severity, order
from personakit.linter import LintResult
from personakit.report import FORMATS, get_reporter
from tests.golden_masks import mask_parser_messages

REPO = Path(__file__).resolve().parent.parent
DEFECTS = Path(__file__).parent / "fixtures" / "defects"


def _lint(root: Path, *args: str):
    return CliRunner().invoke(app, ["--root", str(root), "lint", "--as-of", "2026-11-24", *args])


def _example_with_one_broken_note(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "tests", "benchmarks", "src", "docs", "scripts"
        ),
    )
    note = root / "interviews" / "churn" / "2026-09-30-fourthcoffee.md"
    note.write_text(note.read_text().replace("date: 2026-09-30", "date: 2026-13-01"))
    return root


def test_one_file_that_could_not_be_read_is_named_first_golden(tmp_path: Path, golden):
    root = _example_with_one_broken_note(tmp_path)
    result = _lint(root)
    assert result.exit_code == 1
    assert result.output.endswith(
        "Found 1 error, 0 warnings, 0 info in 26 files.\n1 file could not be read; fix it first.\n"
    )
    golden("broken-note.txt", mask_parser_messages(result.output, root))


def test_several_files_that_could_not_be_read_are_counted():
    output = _lint(DEFECTS).output
    assert "\n3 files could not be read; fix them first.\n" in output


def test_no_load_problem_no_fix_first_line(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": "name: X\nrole: R\npriority: primary\nanxieties:\n  - text: T\n"}
    )
    output = _lint(root).output
    assert "PK101" in output
    assert "could not be read" not in output


def test_info_is_hidden_by_default_and_counted():
    output = _lint(DEFECTS).output
    assert " info PK" not in output
    assert "Found 16 errors, 6 warnings, 4 info in 18 files." in output
    assert "\n4 info hidden; --show-info shows them.\n" in output


def test_show_info_shows_them_golden(golden):
    result = _lint(DEFECTS, "--show-info")
    assert result.output.count(" info PK") == 4
    assert "hidden" not in result.output
    golden("defects-show-info.txt", mask_parser_messages(result.output, DEFECTS))


def test_show_info_can_be_configured(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(DEFECTS, root)
    config = root / "personakit.yaml"
    config.write_text(config.read_text() + "lint:\n  show_info: true\n")
    output = _lint(root).output
    assert output.count(" info PK") == 4
    assert "hidden" not in output


def test_only_text_hides_info():
    payload = json.loads(_lint(DEFECTS, "--format", "json").output)
    assert sum(1 for f in payload["findings"] if f["severity"] == "info") == 4
    for fmt in ("github", "sarif", "junit"):
        assert "PK204" in _lint(DEFECTS, "--format", fmt).output, fmt


def test_every_format_reports_in_the_one_order():
    """Findings come sorted once (file, line, column); reporters keep that order, and
    the GitHub one puts errors first only because the runner caps annotations."""
    a = Finding("b.yaml", 9, 1, "PK101", "unsupported-claim", Severity.error, "m")
    b = Finding("a.md", 3, 2, "PK001", "parse-error", Severity.error, "m")
    c = Finding("a.md", 12, 1, "PK204", "orphan-note", Severity.warning, "m")
    findings = sorted([a, b, c], key=order)
    assert findings == [b, c, a]
    result = LintResult(findings=findings, paths=["a.md", "b.yaml"], workspace=None)
    for fmt in FORMATS:
        text = get_reporter(fmt, show_info=True).render(result)
        places = [text.find("b.yaml"), text.find("a.md")]
        if fmt == "github":
            assert text.index("line=3") < text.index("line=9") < text.index("line=12")
        elif fmt != "junit":  # junit: one test case per file, files sorted
            assert places[1] < places[0], fmt
