from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
stalls:
  - id: integration-stall
    text: Stops at the integration step
    step: {step}
    quotes: [a#q1, b#q1]
journey:
  {cell}:
    success: {{text: Connected, quotes: [a#q1, b#q1]}}
"""


def _persona(step: str = "onboarding/integration", cell: str = "onboarding/signup") -> dict:
    return {"personas/admin.yaml": PERSONA.format(step=step, cell=cell)}


def test_unknown_step_journey_and_malformed(make_workspace):
    result = run_lint(make_workspace(_persona(step="onboarding/integrate", cell="sales/demo")))
    assert found(result, "PK201") == [
        ("personas/admin.yaml", 7, "PK201"),
        ("personas/admin.yaml", 10, "PK201"),
    ]
    messages = [f.message for f in result.findings if f.code == "PK201"]
    assert "has no step 'integrate'" in messages[0]
    assert "no journey 'sales'" in messages[1]
    result = run_lint(make_workspace(_persona(step="integration")))
    assert "is not JOURNEY/STEP" in next(f.message for f in result.findings if f.code == "PK201")


def test_decision_references(make_workspace):
    decision = (
        "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin, buyer]\n"
        "rests_on: [admin#integration-stall, admin#nope, ghost#q1]\n---\n"
    )
    result = run_lint(make_workspace({"decisions/split.md": decision}))
    assert found(result, "PK201") == [
        ("decisions/split.md", 4, "PK201"),
        ("decisions/split.md", 5, "PK201"),
        ("decisions/split.md", 5, "PK201"),
    ]


def test_count_over_unknown_source_or_field(make_workspace):
    files = _persona()
    files["personas/admin.yaml"] = files["personas/admin.yaml"].replace(
        "    quotes: [a#q1, b#q1]\njourney",
        "    quotes: [a#q1, b#q1]\n    count: {n: 1, of: 2, tag: stalled, among: {rol: x}}\njourney",
    )
    result = run_lint(make_workspace(files))
    assert found(result, "PK201") == [("personas/admin.yaml", 9, "PK201")]
    assert "notes have no field 'rol'" in first(result, "PK201").message


def test_quiet_on_valid_references(make_workspace):
    assert found(run_lint(make_workspace(_persona())), "PK201") == []
