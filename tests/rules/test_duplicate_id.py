from tests.conftest import first, found, run_lint


def test_two_notes_with_one_id(make_workspace):
    root = make_workspace(
        {
            "interviews/sub/a2.md": "---\nid: a\ndate: 2026-10-01\nkind: interview\nparticipant: P3\n---\n"
        }
    )
    result = run_lint(root)
    assert found(result, "PK003") == [("interviews/sub/a2.md", 2, "PK003")]
    assert "interviews/a.md" in first(result, "PK003").message


def test_two_quotes_with_one_anchor(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                "> IT had to approve the scopes. #stalled ^q1\n\n> Again. ^q1\n"
            )
        }
    )
    assert found(run_lint(root), "PK003") == [("interviews/a.md", 9, "PK003")]


def test_two_claims_with_one_id(make_workspace):
    root = make_workspace(
        {
            "personas/admin.yaml": """\
                name: Olivia
                role: Sets up
                priority: primary
                anxieties:
                  - id: same
                    text: One
                    quotes: [a#q1, b#q1]
                stalls:
                  - id: same
                    text: Two
                    quotes: [a#q1, b#q1]
                """,
            "decisions/split.md": "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\n---\n",
        }
    )
    assert found(run_lint(root), "PK003") == [("personas/admin.yaml", 9, "PK003")]


def test_duplicate_journey_step_and_source_row(make_workspace):
    root = make_workspace(
        {
            "journeys/onboarding.yaml": (
                "title: O\nsteps:\n  - {id: integration, title: A}\n  - {id: integration, title: B}\n"
            ),
            "personakit.yaml": (
                "title: T\nsources:\n  tickets:\n    path: t.csv\n"
                "    columns: {id: id, text: body}\n"
            ),
            "t.csv": "id,body\nT-1,one\nT-1,two\n",
        }
    )
    assert found(run_lint(root), "PK003") == [
        ("journeys/onboarding.yaml", 4, "PK003"),
        ("t.csv", 3, "PK003"),
    ]


def test_quiet_on_valid_files(make_workspace):
    assert found(run_lint(make_workspace()), "PK003") == []
