from tests.conftest import first, found, run_lint


def test_persona_no_decision_cites(make_workspace):
    result = run_lint(make_workspace({"decisions/split.md": None}))
    assert found(result, "PK203") == [("personas/admin.yaml", 1, "PK203")]
    assert "no decision cites it" in first(result, "PK203").message


def test_persona_cited_only_long_ago(make_workspace):
    old = "---\ndate: 2025-01-01\nstatus: accepted\npersonas: [admin]\n---\n"
    result = run_lint(make_workspace({"decisions/split.md": old}))
    assert found(result, "PK203") == [("personas/admin.yaml", 1, "PK203")]
    assert "last cited on 2025-01-01" in first(result, "PK203").message


def test_suppressed_anywhere_in_the_file(make_workspace):
    persona = (
        "name: Olivia\nrole: Sets up\npriority: primary\n"
        "# personakit: ignore[PK203] new persona, first decisions due in January\n"
        "anxieties:\n  - text: Fears the empty screen\n    quotes: [a#q1, b#q1]\n"
    )
    result = run_lint(make_workspace({"decisions/split.md": None, "personas/admin.yaml": persona}))
    assert found(result, "PK203") == []


def test_quiet_when_a_recent_decision_cites_a_claim(make_workspace):
    decision = "---\ndate: 2026-11-01\nstatus: proposed\nrests_on: [admin#integration-stall]\n---\n"
    assert found(run_lint(make_workspace({"decisions/split.md": decision})), "PK203") == []


def test_quiet_on_a_persona_without_claims_yet(make_workspace):
    """A card as `new persona` writes it is a draft: nothing to decide on yet."""
    persona = "name: Olivia\nrole: Sets up\npriority: primary\n"
    result = run_lint(make_workspace({"decisions/split.md": None, "personas/admin.yaml": persona}))
    assert found(result, "PK203") == []
