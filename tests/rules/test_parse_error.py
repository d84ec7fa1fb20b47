from tests.conftest import first, found, run_lint


def test_invalid_yaml_is_reported_at_its_line(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": "name: Olivia\nrole: [Sets up\npriority: primary\n"}
    )
    assert found(run_lint(root), "PK001") == [("personas/admin.yaml", 2, "PK001")]


def test_an_unclosed_bracket_is_reported_where_it_opens(make_workspace):
    # libyaml notices the missing `]` lines later; the fix is on the line with the `[`.
    text = "name: Olivia\nrole: [Sets up\n\n\npriority: primary\n"
    root = make_workspace({"personas/admin.yaml": text})
    result = run_lint(root)
    assert [(f.path, f.line, f.column) for f in result.findings if f.code == "PK001"] == [
        ("personas/admin.yaml", 2, 7)
    ]
    assert "by line 5" in first(result, "PK001").message


def test_an_unclosed_quote_in_front_matter_is_reported_where_it_opens(make_workspace):
    note = '---\ndate: 2026-10-01\ntitle: "Renewal\nkind: interview\nparticipant: P1\n---\n'
    root = make_workspace({"interviews/c.md": note})
    assert found(run_lint(root), "PK001") == [("interviews/c.md", 3, "PK001")]


def test_note_without_front_matter(make_workspace):
    root = make_workspace({"interviews/c.md": "# Just notes\n\n> hello ^q1\n"})
    result = run_lint(root)
    assert found(result, "PK001") == [("interviews/c.md", 1, "PK001")]
    assert "front matter" in first(result, "PK001").message


def test_unclosed_front_matter(make_workspace):
    root = make_workspace({"decisions/x.md": "---\ndate: 2026-10-01\nstatus: accepted\n# Title\n"})
    assert found(run_lint(root), "PK001") == [("decisions/x.md", 1, "PK001")]


def test_duplicate_key_is_a_parse_error(make_workspace):
    root = make_workspace({"journeys/onboarding.yaml": "title: A\ntitle: B\nsteps: []\n"})
    result = run_lint(root)
    assert ("journeys/onboarding.yaml", 2, "PK001") in found(result, "PK001")


def test_unsafe_tag_is_refused_not_constructed(make_workspace):
    root = make_workspace(
        {"journeys/onboarding.yaml": "title: !!python/object/apply:os.system ['true']\nsteps: []\n"}
    )
    assert found(run_lint(root), "PK001") == [("journeys/onboarding.yaml", 1, "PK001")]


def test_quiet_on_valid_files(make_workspace):
    assert found(run_lint(make_workspace()), "PK001") == []
