from tests.conftest import first, found, run_lint

ANXIETY = """\
name: Olivia
role: Sets up
priority: primary
anxieties:
  - text: Fears the team will judge the tool by an empty first screen
    {evidence}
journey:
  onboarding/integration:
    goes_wrong: {{text: Waits for IT}}
"""


def test_claim_without_evidence(make_workspace):
    root = make_workspace({"personas/admin.yaml": ANXIETY.format(evidence="")})
    result = run_lint(root)
    assert found(result, "PK101") == [
        ("personas/admin.yaml", 5, "PK101"),
        ("personas/admin.yaml", 9, "PK101"),
    ]
    finding = first(result, "PK101")
    assert finding.column == 5
    assert finding.message == '"Fears the team will judge the tool by ..." has no quote or count'


def test_job_story_without_evidence(make_workspace):
    root = make_workspace(
        {
            "personas/admin.yaml": (
                "name: O\nrole: R\npriority: primary\njobs:\n"
                "  - {when: a demo is set, want: to connect first, so: the demo has data}\n"
            )
        }
    )
    assert found(run_lint(root), "PK101") == [("personas/admin.yaml", 5, "PK101")]


def test_quiet_with_a_quote_or_a_count(make_workspace):
    root = make_workspace({"personas/admin.yaml": ANXIETY.format(evidence="quotes: [a#q1, b#q1]")})
    assert ("personas/admin.yaml", 5, "PK101") not in found(run_lint(root))
    root = make_workspace(
        {"personas/admin.yaml": ANXIETY.format(evidence="count: {n: 2, of: 2, tag: stalled}")}
    )
    assert ("personas/admin.yaml", 5, "PK101") not in found(run_lint(root))
