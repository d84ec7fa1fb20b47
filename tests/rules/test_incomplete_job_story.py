from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
jobs:
  - id: connect-first
    when: my manager schedules the internal demo
    want: to get the core integration connected first
    {so}
    quotes: [a#q1, b#q1]
"""


def test_missing_so(make_workspace):
    result = run_lint(make_workspace({"personas/admin.yaml": PERSONA.format(so="")}))
    assert found(result, "PK202") == [("personas/admin.yaml", 5, "PK202")]
    assert "missing 'so'" in first(result, "PK202").message


def test_empty_part_counts_as_missing(make_workspace):
    result = run_lint(make_workspace({"personas/admin.yaml": PERSONA.format(so='so: "  "')}))
    assert found(result, "PK202") == [("personas/admin.yaml", 5, "PK202")]


def test_quiet_on_complete_story(make_workspace):
    persona = PERSONA.format(so="so: I don't show my team an empty product")
    assert found(run_lint(make_workspace({"personas/admin.yaml": persona})), "PK202") == []
