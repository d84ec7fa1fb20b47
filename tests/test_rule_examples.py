"""Every rule's documented example (`personakit rules CODE`, docs/rules.md) shows the
input that triggers it, the finding lint reports, and the fix; and that finding is the
one lint really reports when the example is made in the example workspace."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import shutil
from pathlib import Path

import pytest

from personakit import lint
from personakit.rule_selection import RuleSelection
from personakit.rules import RULES

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("personakit.yaml", "personas", "interviews", "journeys", "decisions")
DATA_PARTS = ("sources", "data")

_REPORTED = re.compile(r"^Lint reports:\n```text\n(?P<line>[^\n]+)\n```\n", re.MULTILINE)
_FINDING = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info) "
    r"(?P<code>PK\d{3}) (?P<name>[a-z-]+): (?P<message>.+)$"
)


def reported(code: str) -> str:
    """The finding line a rule's docstring shows."""
    doc = inspect.cleandoc(RULES[code].__doc__ or "")
    example = doc.split("## Example", 1)[1]
    match = _REPORTED.search(example)
    assert match, f"{code}: its ## Example has no 'Lint reports:' block with the finding"
    return match["line"]


@pytest.mark.parametrize("code", list(RULES))
def test_every_example_shows_input_finding_and_fix(code):
    rule = RULES[code]
    doc = inspect.cleandoc(rule.__doc__ or "")
    assert "## Example" in doc, code
    example = doc.split("## Example", 1)[1]
    line = reported(code)
    finding = _FINDING.match(line)
    assert finding, f"{code}: {line!r} is not a finding line"
    assert (finding["code"], finding["name"], finding["severity"]) == (
        rule.CODE,
        rule.NAME,
        rule.SEVERITY.value,
    )
    # the bad input comes before the finding, the fix after it
    assert example.index("Lint reports:") < example.index("Fix:"), code


OPS = "personas/ops-admin.yaml"
BUYER = "personas/economic-buyer.yaml"
P01 = "interviews/interviews/2026-09-08-p01.md"
P03 = "interviews/interviews/2026-09-22-p03.md"
DECISIONS = "decisions/*"
EMPTY_SCREEN = "    quotes: [p03#q2, p04#q3, churn-relecloud#q1]"
EMPTY_SCREEN_COUNT = "    count: {n: 4, of: 8, tag: empty-first-screen, among: {role: ops-admin}}\n"
ROLLOUT = (
    "    quotes: [p02#q1, p04#q1]\n"
    "    count: {n: 2, of: 5, tag: rollout-objective, among: {role: ops-admin, kind: interview}}"
)
STALL = (
    "    quotes: [p03#q1, t4821#q1, churn-relecloud#q1]\n"
    "    count: {n: 6, of: 8, tag: stalled-at-integration, among: {role: ops-admin}}"
)
P11 = """\
---
id: p11
date: 2026-10-07
kind: interview
participant: P11
role: ops-admin
---
# Pricing call with P11

> We compared three tools on price alone. ^q1
"""

# How each example is made in a copy of the example workspace: (file, old, new) edits,
# `new` as a whole file when `old` is None, and `copy:PATH` to copy a file.
Edit = tuple[str, str | None, str]
RECIPES: dict[str, list[Edit]] = {
    "PK001": [(OPS, "role: Operations manager who buys, sets up and champions the tool",
               "role: [Operations manager")],
    "PK002": [(OPS, EMPTY_SCREEN, EMPTY_SCREEN.replace("quotes", "qoutes"))],
    "PK003": [(P01, "demo an empty screen. #connect-before-demo ^q1",
               "demo an empty screen. #connect-before-demo ^q1\n\n"
               "> The CSV import failed twice. ^q1")],
    "PK004": [(P01, "demo an empty screen. #connect-before-demo ^q1",
               "demo an empty screen. ^q1 #connect-before-demo")],
    "PK101": [(OPS, f"{EMPTY_SCREEN}\n{EMPTY_SCREEN_COUNT}", "")],
    "PK102": [(OPS, EMPTY_SCREEN, EMPTY_SCREEN.replace("p03#q2", "p03#q9"))],
    "PK103": [(OPS, "text: \"I won't invite anyone until there's something to look at\"",
               'text: "I never invite anyone before the demo"')],
    "PK104": [(OPS, "count: {n: 3, of: 5, tag: waits-for-demo",
               "count: {n: 4, of: 5, tag: waits-for-demo")],
    "PK105": [(OPS, "count: {n: 3, of: 5, tag: waits-for-demo",
               "count: {n: 7, of: 5, tag: waits-for-demo")],
    "PK106": [(OPS, ROLLOUT, '    quotes: [p02#q1, p04#q1]\n'
               '    count: {n: 31, of: 212, source: "Q3 in-app survey"}')],
    "PK107": [(OPS, ROLLOUT, "    quotes: [p03#q1, p03#q2]")],
    "PK108": [("personakit.yaml", "PK108: {max_age_days: 365}", "PK108: {max_age_days: 180}")],
    "PK109": [(OPS, STALL, "    quotes: [p03#q1, p07#q2]")],
    "PK110": [(P03, "We connected the CRM on Monday", "We connected the CRM on Tuesday")],
    "PK201": [(OPS, "    step: onboarding/integration\n    quotes: [p03#q1",
               "    step: onboarding/integrate\n    quotes: [p03#q1")],
    "PK202": [(OPS, "    so: I don't show my team an empty product\n", "")],
    "PK203": [("personas/analyst.yaml", None, "copy:personas/team-member.yaml")],
    "PK204": [("interviews/interviews/2026-10-07-p11.md", None, P11)],
    "PK205": [(f"personas/extra-{n}.yaml", None, "copy:personas/team-member.yaml")
              for n in range(1, 7)],
    "PK301": [(P01, "Five empty charts\n> is how you lose a team on day one.",
               "Call me on +1 415 555 0134 when the fix ships.")],
    "PK401": [(BUYER, "    accounts.tier: enterprise", "    accounts.plan: enterprise")],
    "PK402": [(BUYER, "    users.nps: {max: 6}", "    users.nps: {max: -1}")],
    "PK404": [(OPS, "because: [integration-stall]\n", "because: [integration-stal]\n")],
    "PK403": [(BUYER, "count: {n: 11, of: 20, segment", "count: {n: 31, of: 212, segment")],
}  # fmt: skip
AS_OF = {"PK108": dt.date(2027, 6, 1)}
REVIEWED_FIRST = {"PK110": "ops-admin"}  # `personakit review PERSONA` before the edits
NOT_MADE: set[str] = set()  # examples that cannot be made by editing files


def make_example(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    for part in (*WORKSPACE_PARTS, *DATA_PARTS):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy(source, root / part)
    if code in REVIEWED_FIRST:
        from personakit.review import review
        from personakit.session import Session

        review(Session.load(root), REVIEWED_FIRST[code], today=dt.date(2026, 11, 24))
    for rel, old, new in RECIPES[code]:
        path = root / rel
        if old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if new.startswith("copy:"):
                shutil.copy(root / new.removeprefix("copy:"), path)
            else:
                path.write_text(new, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{code}: the example workspace no longer holds {old!r} in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_every_rule_has_a_recipe_or_says_why_not():
    assert set(RECIPES) | NOT_MADE == set(RULES)


@pytest.mark.parametrize("code", sorted(RECIPES))
def test_the_documented_finding_is_what_lint_reports(tmp_path, request, code):
    root = make_example(tmp_path, code)
    today = AS_OF.get(code, dt.date(2026, 11, 24))
    result = lint(root, today=today, rules=RuleSelection(select=(code,)))
    lines = [
        f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {f.name}: {f.message}"
        for f in result.findings
    ]
    assert lines, f"{code}: the example makes no finding"
    documented = reported(code)
    expected, actual = documented, lines
    if code == "PK001":
        # the YAML parser's own words follow the rule's name; only the place is ours
        expected = documented.split(" parse-error: ")[0] + " parse-error:"
        actual = [line.split(" parse-error: ")[0] + " parse-error:" for line in lines]
    if expected in actual:
        return
    if request.config.getoption("--update-golden"):
        _rewrite_example(code, documented, _closest(documented, lines))
        return
    raise AssertionError(
        f"{code}: the docstring's 'Lint reports:' line is stale (rewrite it with pytest "
        f"{Path(__file__).name} --update-golden, then personakit rules --markdown > "
        "docs/rules.md); lint reports:\n" + "\n".join(lines)
    )


def _closest(documented: str, lines: list[str]) -> str:
    """The finding at the documented place if there is one, else the first."""
    place = documented.split(": ", 1)[0]
    return next((line for line in lines if line.split(": ", 1)[0] == place), lines[0])


def _rewrite_example(code: str, old: str, new: str) -> None:
    """Put `new` in place of the documented finding in the rule module's docstring."""
    path = Path(inspect.getfile(RULES[code]))
    text = path.read_text(encoding="utf-8")
    block = f"Lint reports:\n```text\n{old}\n```"
    assert text.count(block) == 1, f"{code}: the example block is not where it was"
    path.write_text(text.replace(block, f"Lint reports:\n```text\n{new}\n```"), "utf-8")
