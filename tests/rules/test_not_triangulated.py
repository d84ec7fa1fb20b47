from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
stalls:
  - id: integration-stall
    text: Stops at the integration step for days
    quotes: [{quotes}]
"""


def test_stall_with_interviews_only(make_workspace):
    files = {
        "interviews/c.md": (
            "---\ndate: 2026-10-01\nkind: interview\nparticipant: P03\n---\n> Waited on IT. ^q1\n"
        ),
        "personas/admin.yaml": PERSONA.format(quotes="a#q1, c#q1"),
    }
    result = run_lint(make_workspace(files))
    assert found(result, "PK109") == [("personas/admin.yaml", 5, "PK109")]
    assert first(result, "PK109").severity.value == "info"
    assert "interview evidence only" in first(result, "PK109").message


def test_quiet_on_interview_and_ticket(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA.format(quotes="a#q1, b#q1")})
    assert found(run_lint(root), "PK109") == []
