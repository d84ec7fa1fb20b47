"""Lint output for CI: GitHub annotations, SARIF for code scanning, JUnit XML."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.findings import Finding, Severity
from personakit.report.fingerprint import fingerprints
from personakit.report.github import annotation, escape_data, escape_property
from tests.conftest import run_lint
from tests.golden_masks import mask_parser_messages, parser_messages
from tests.test_cli import pk
from tests.test_defects import DEFECTS

# The official SARIF 2.1.0 schema lives beside the repository (../shared/schemas/). A
# missing schema is a failure, not a skip: the test would otherwise pass on nothing.
SARIF_SCHEMA = Path(__file__).parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def validate_sarif(log: dict) -> None:
    """Validate `log` against the official SARIF 2.1.0 schema (fails if it is missing)."""
    import jsonschema

    assert SARIF_SCHEMA.is_file(), f"the official SARIF schema is missing: {SARIF_SCHEMA}"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(log)


def _cli(fmt: str, root: Path = DEFECTS, **env: str):
    return CliRunner().invoke(
        app, ["--root", str(root), "lint", "--as-of", "2026-11-24", "--format", fmt], env=env
    )


def test_github_escaping():
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding(
        "personas/a,b:c.yaml",
        3,
        5,
        "PK101",
        "unsupported-claim",
        Severity.error,
        'says "50%" of admins:\nnone, really',
    )
    assert annotation(finding) == (
        "::error file=personas/a%2Cb%3Ac.yaml,line=3,col=5,title=PK101 unsupported-claim"
        '::says "50%25" of admins:%0Anone, really'
    )


def test_github_output_puts_errors_first_golden(golden):
    result = _cli("github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == sorted(levels, key=["::error", "::warning", "::notice"].index)
    assert all(
        line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines
    )
    golden("defects.github", mask_parser_messages(result.output, DEFECTS))


def test_github_is_chosen_in_actions_and_writes_the_step_summary(tmp_path: Path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "personakit",
            "--root",
            str(DEFECTS),
            "lint",
            "--as-of",
            "2026-11-24",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=")
    text = summary.read_text()
    assert text.startswith("earlier step\n## personakit lint\n")
    assert "16 errors, 6 warnings, 4 info in 18 files." in text
    assert "| ❌ | `decisions/bad.md:5` | PK201 unknown-reference |" in text


def test_sarif_is_valid_and_complete(golden):
    result = _cli("sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    from sarif_pydantic import Sarif

    Sarif.model_validate(log)  # an independent model of SARIF 2.1.0
    validate_sarif(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:3] == ["PK001", "PK002", "PK003"]
    assert all(r["shortDescription"]["text"] and r["help"]["markdown"] for r in rules)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri
        assert len(res["partialFingerprints"]["personakitFinding/v1"]) == 32
    fps = [r["partialFingerprints"]["personakitFinding/v1"] for r in run["results"]]
    assert len(set(fps)) == len(fps)
    golden("defects.sarif", mask_parser_messages(result.output, DEFECTS))


def test_fingerprints_survive_moved_lines(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(DEFECTS, root)
    before = run_lint(root)
    persona = root / "personas" / "defects.yaml"
    persona.write_text(
        "# a comment\n# and another, moving every line down\n\n" + persona.read_text()
    )
    after = run_lint(root)
    moved = [
        (f.line, g.line)
        for f, g in zip(before.findings, after.findings, strict=True)
        if f.path == "personas/defects.yaml"
    ]
    assert moved and all(b == a + 3 for a, b in moved)
    assert fingerprints(before.findings) == fingerprints(after.findings)


def test_junit_is_xml_with_a_failure_per_error(golden):
    result = _cli("junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.output.encode())
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 18  # one per file checked
    failures = [f for case in cases for f in case.findall("failure")]
    assert len(failures) == 16  # one per error
    assert {f.get("type") for f in failures} >= {"PK001", "PK002", "PK003", "PK101"}
    failing = [c for c in cases if c.find("failure") is not None]
    assert suite.get("failures") == str(len(failing))
    clean = next(c for c in cases if c.get("name") == "personas/clean.yaml")
    assert list(clean) == []
    golden("defects.junit.xml", mask_parser_messages(result.output, DEFECTS))


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_clean_workspace_gives_empty_reports(fmt: str, make_workspace):
    result = _cli(fmt, make_workspace())
    assert result.exit_code == 0
    if fmt == "github":
        assert result.output == ""
    elif fmt == "sarif":
        log = json.loads(result.output)
        validate_sarif(log)
        assert log["runs"][0]["results"] == []
    else:
        assert ET.fromstring(result.output.encode()).get("failures") == "0"


def test_format_is_validated():
    from tests.test_cli import assert_one_line_error

    assert_one_line_error(pk("lint", "--format", "xml"), "xml")


def test_a_missing_sarif_schema_fails_the_check(monkeypatch, tmp_path: Path):
    import tests.test_ci_reporters as this

    monkeypatch.setattr(this, "SARIF_SCHEMA", tmp_path / "nowhere.json")
    with pytest.raises(AssertionError, match="official SARIF schema is missing"):
        validate_sarif({"version": "2.1.0", "runs": []})


def test_parse_errors_are_ours_in_every_format():
    # The parser's wording is masked in the golden files; its place and code are ours.
    assert [(p, line) for p, line, _ in parser_messages(DEFECTS)] == [("interviews/bad-yaml.md", 3)]
    github = _cli("github").output
    assert "::error file=interviews/bad-yaml.md,line=3,col=7,title=PK001 parse-error::" in github
    results = json.loads(_cli("sarif").output)["runs"][0]["results"]
    pk001 = [r for r in results if r["ruleId"] == "PK001"]
    region = pk001[0]["locations"][0]["physicalLocation"]["region"]
    assert (len(pk001), region["startLine"], region["startColumn"]) == (1, 3, 7)
    junit = ET.fromstring(_cli("junit").output.encode())
    case = next(c for c in junit.iter("testcase") if c.get("name") == "interviews/bad-yaml.md")
    assert [f.get("type") for f in case.findall("failure")] == ["PK001"]
    assert case.find("failure").text.startswith("interviews/bad-yaml.md:3:7: PK001 parse-error: ")
