"""`personakit rules`: the catalogue as JSON, and one rule's example finding and fix."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from personakit.cli import app
from personakit.rules import RULES


def rules(*args: str):
    return CliRunner().invoke(app, ["rules", *args])


def test_rules_as_json_lists_every_rule():
    result = rules("--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["code"] for r in data] == list(RULES)
    first = data[0]
    assert list(first) == [
        "code",
        "name",
        "severity",
        "summary",
        "fixable",
        "fix",
        "options",
        "docs",
        "explanation",
    ]
    by_code = {r["code"]: r for r in data}
    assert by_code["PK108"]["options"] == {"max_age_days": RULES["PK108"].OPTIONS["max_age_days"]}
    assert by_code["PK107"]["severity"] == "warning"
    assert by_code["PK101"]["docs"] == "docs/rules.md#pk101-unsupported-claim"
    assert by_code["PK101"]["explanation"].startswith("## PK101 unsupported-claim")
    for rule in data:
        assert isinstance(rule["fixable"], bool)
        assert rule["fix"] in (None, "safe", "unsafe")
        assert rule["fixable"] == (rule["fix"] is not None)


def test_the_docs_anchor_exists_in_the_reference_page():
    page = rules("--markdown").stdout
    for rule in json.loads(rules("--format", "json").stdout):
        heading = f"## {rule['code']} {rule['name']}"
        assert heading in page
        assert rule["docs"].split("#")[1] == heading[3:].lower().replace(" ", "-")


def test_one_rule_as_json_by_code_or_name():
    result = rules("single-voice", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["code"] == "PK107"
    missing = rules("PK999", "--format", "json")
    assert missing.exit_code == 2
    assert "no rule 'PK999'" in missing.stderr


def test_markdown_and_json_do_not_go_together():
    result = rules("--markdown", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith("personakit: error: --markdown")


def test_explaining_a_rule_shows_input_finding_and_fix(golden):
    result = rules("PK101")
    assert result.exit_code == 0
    text = result.stdout
    example = text.split("## Example", 1)[1]
    assert example.index("```yaml") < example.index("Lint reports:") < example.index("Fix:")
    assert "error PK101 unsupported-claim:" in example
    golden("rules-PK101.txt", text)
