from tests.conftest import first, found, run_lint


def _note(date: str, participant: str) -> str:
    return (
        f"---\ndate: {date}\nkind: interview\nparticipant: {participant}\nrole: ops-admin\n---\n"
        "> IT had to approve the scopes. #stalled ^q1\n"
    )


def test_old_evidence_is_stale(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": _note("2025-01-10", "P01"),
            "interviews/b.md": _note("2025-02-01", "P02"),
        }
    )
    result = run_lint(root)
    assert found(result, "PK108") == [("personas/admin.yaml", 5, "PK108")]
    assert "2025-02-01" in first(result, "PK108").message


def test_max_age_days_is_configurable(make_workspace):
    files = {"personakit.yaml": "title: T\nrules:\n  PK108: {max_age_days: 30}\n"}
    assert found(run_lint(make_workspace(files)), "PK108") == [("personas/admin.yaml", 5, "PK108")]
    files = {
        "personakit.yaml": "title: T\nrules:\n  stale-evidence: {max_age_days: 60, severity: error}\n"
    }
    result = run_lint(make_workspace(files))
    assert found(result, "PK108") == []


def test_one_fresh_quote_is_enough(make_workspace):
    root = make_workspace({"interviews/a.md": _note("2024-01-10", "P01")})
    assert found(run_lint(root), "PK108") == []
