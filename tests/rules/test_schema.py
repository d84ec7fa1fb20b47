from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up the tool
priority: {priority}
stalls:
  - id: integration-stall
    text: Stops at the integration step for days
    step: onboarding/integration
    {quotes_key}: [a#q1, b#q1]
    count: {{n: 2, of: 2, tag: stalled, among: {{role: ops-admin}}}}
"""


def test_unknown_field_points_at_the_key(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": PERSONA.format(priority="primary", quotes_key="qoutes")}
    )
    result = run_lint(root)
    schema = [f for f in result.findings if f.code == "PK002"]
    assert [(f.path, f.line, f.column) for f in schema] == [("personas/admin.yaml", 8, 5)]
    assert "unknown field 'qoutes'" in schema[0].message


def test_bad_enum_value(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": PERSONA.format(priority="main", quotes_key="quotes")}
    )
    result = run_lint(root)
    assert found(result, "PK002") == [("personas/admin.yaml", 3, "PK002")]
    assert "'primary'" in first(result, "PK002").message


def test_missing_required_field_in_note(make_workspace):
    root = make_workspace(
        {"interviews/c.md": "---\nid: c\ndate: 2026-10-01\nkind: interview\n---\n# C\n"}
    )
    result = run_lint(root)
    assert found(result, "PK002") == [("interviews/c.md", 2, "PK002")]
    assert "participant" in first(result, "PK002").message


def test_wrong_type(make_workspace):
    root = make_workspace(
        {"interviews/c.md": "---\ndate: not-a-date\nkind: interview\nparticipant: P9\n---\n"}
    )
    assert found(run_lint(root), "PK002") == [("interviews/c.md", 2, "PK002")]


def test_undeclared_note_field_is_refused_and_declared_one_accepted(make_workspace):
    note = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P9\nplan: team\n---\n"
    root = make_workspace({"interviews/c.md": note})
    assert found(run_lint(root), "PK002") == [("interviews/c.md", 5, "PK002")]
    root = make_workspace(
        {"interviews/c.md": note, "personakit.yaml": "title: T\nnote_fields: [plan]\n"}
    )
    assert found(run_lint(root), "PK002") == []


def test_suppression_without_reason_or_with_unknown_rule(make_workspace):
    root = make_workspace(
        {
            "journeys/onboarding.yaml": (
                "# personakit: ignore[PK107]\n"
                "# personakit: ignore[PK999] because\n"
                "title: Onboarding\nsteps:\n  - {id: integration, title: I}\n"
            )
        }
    )
    result = run_lint(root)
    assert found(result, "PK002") == [
        ("journeys/onboarding.yaml", 1, "PK002"),
        ("journeys/onboarding.yaml", 2, "PK002"),
    ]


def test_quiet_on_valid_files(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": PERSONA.format(priority="primary", quotes_key="quotes")}
    )
    assert found(run_lint(root), "PK002") == []


def test_a_count_is_a_tag_count_or_a_data_count_decided_at_load(make_workspace):
    # A tag count carrying `where` mixes the two kinds: the stray key is the finding, at
    # its own line, and the location names no pydantic union member.
    mixed = PERSONA.format(priority="primary", quotes_key="quotes").replace(
        "among: {role: ops-admin}}", "among: {role: ops-admin}, where: {users.nps: 1}}"
    )
    result = run_lint(make_workspace({"personas/admin.yaml": mixed}))
    assert found(result, "PK002") == [("personas/admin.yaml", 9, "PK002")]
    message = first(result, "PK002").message
    assert message == "unknown field 'where' in stalls[0].count"


def test_a_count_that_is_no_mapping_says_what_a_count_is(make_workspace):
    text = PERSONA.format(priority="primary", quotes_key="quotes").replace(
        "count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}", "count: 2 of 2"
    )
    result = run_lint(make_workspace({"personas/admin.yaml": text}))
    assert found(result, "PK002") == [("personas/admin.yaml", 9, "PK002")]
    assert (
        "a count is a mapping: {n, of, tag} or {n, of, segment, where}"
        in first(result, "PK002").message
    )


def test_a_number_is_not_a_date(make_workspace):
    # YAML reads `0` and `1699920000` as numbers, which pydantic alone would take as
    # seconds since 1970: a typo must be a finding, not a day in 1970 or 2023.
    for value in ("0", "1699920000", "'1699920000'", "yes", "20261012"):
        note = f"---\ndate: {value}\nkind: interview\nparticipant: P9\n---\n"
        root = make_workspace({"interviews/c.md": note})
        result = run_lint(root)
        assert found(result, "PK002") == [("interviews/c.md", 2, "PK002")], value
        assert "not a date (YYYY-MM-DD)" in first(result, "PK002").message


def test_a_date_written_either_way_is_a_date(make_workspace):
    for value in ("2026-10-01", "'2026-10-01'"):
        note = f"---\ndate: {value}\nkind: interview\nparticipant: P9\n---\n"
        root = make_workspace({"interviews/c.md": note})
        assert found(run_lint(root), "PK002") == [], value


def test_a_persona_reviewed_on_a_number_is_refused(make_workspace):
    persona = PERSONA.format(priority="primary", quotes_key="quotes") + "reviewed: 0\n"
    root = make_workspace({"personas/admin.yaml": persona})
    result = run_lint(root)
    assert found(result, "PK002") == [("personas/admin.yaml", 10, "PK002")]
    assert "not a date" in first(result, "PK002").message
