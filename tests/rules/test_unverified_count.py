from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
success:
  - text: Has real data first
    count: {count}
"""


def test_count_without_tag(make_workspace):
    root = make_workspace(
        {
            "personas/admin.yaml": PERSONA.format(count='{n: 31, of: 212, source: "Q3 survey"}'),
            "decisions/split.md": "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\n---\n",
        }
    )
    result = run_lint(root)
    assert found(result, "PK106") == [("personas/admin.yaml", 6, "PK106")]
    assert first(result, "PK106").severity.value == "warning"
    assert "(source: Q3 survey)" in first(result, "PK106").message
    assert result.exit_code == 0
    assert run_lint(root, strict=True).exit_code == 1


def test_quiet_on_tagged_count(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": PERSONA.format(count="{n: 2, of: 2, tag: stalled}")}
    )
    assert found(run_lint(root), "PK106") == []
