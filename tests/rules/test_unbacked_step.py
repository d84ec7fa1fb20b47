"""PK404 unbacked-step: every playbook step names claims of its persona that have evidence."""

from __future__ import annotations

from tests.conftest import found, run_lint
from tests.test_playbooks import STEPS, persona, play_ws  # noqa: F401 (the fixture)

PATH = "personas/admin.yaml"


def lint_steps(play_ws, steps: str, **files: str):  # noqa: F811 (the fixture)
    return run_lint(play_ws(**{PATH: persona(steps), **files}))


def test_steps_naming_supported_claims_are_quiet(play_ws):  # noqa: F811
    assert found(lint_steps(play_ws, STEPS), "PK404") == []


def test_a_step_without_because(play_ws):  # noqa: F811
    steps = STEPS.replace("  because: [integration-stall]\n", "", 1)
    result = lint_steps(play_ws, steps)
    assert found(result, "PK404") == [(PATH, 17, "PK404")]
    assert result.findings[0].message == (
        "step 'kickoff' has no `because`: name the claims of admin it answers"
    )
    result = lint_steps(play_ws, STEPS.replace("[integration-stall]", "[]", 1))
    assert found(result, "PK404") == [(PATH, 17, "PK404")]


def test_a_missing_claim_with_did_you_mean(play_ws):  # noqa: F811
    result = lint_steps(play_ws, STEPS.replace("[integration-stall]", "[integration-stal]", 1))
    assert [(f.path, f.line, f.column, f.code) for f in result.findings] == [
        (PATH, 21, 17, "PK404")
    ]
    assert result.findings[0].message == (
        "step 'kickoff': because: admin has no claim 'integration-stal'; "
        "did you mean 'integration-stall'?"
    )


def test_a_claim_of_another_persona_is_missing_here(play_ws):  # noqa: F811
    steps = STEPS.replace("[integration-stall]", "[integration-stall, other-stall]", 1)
    other = persona().split("playbook:")[0].replace("id: integration-stall", "id: other-stall")
    result = lint_steps(play_ws, steps, **{"personas/other.yaml": other})
    assert [(f.path, f.line, f.column) for f in result.findings if f.code == "PK404"] == [
        (PATH, 21, 36)
    ]


def test_a_claim_without_evidence_does_not_back_a_step(play_ws):  # noqa: F811
    card = persona().replace(
        "    quotes: [a#q1, b#q1]\n    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}\n",
        "",
    )
    result = run_lint(play_ws(**{PATH: card}))
    assert found(result, "PK101") == [(PATH, 5, "PK101")]
    assert [f.line for f in result.findings if f.code == "PK404"] == [19, 25, 30]
    assert "claim 'integration-stall' has no quote or count itself (PK101)" in next(
        f.message for f in result.findings if f.code == "PK404"
    )
