from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
anxieties:
  - text: Fears an empty first screen
    quotes:
      - a#q1
      - {ref}
"""


def _persona(ref: str) -> dict[str, str]:
    return {"personas/admin.yaml": PERSONA.format(ref=ref)}


def test_unknown_anchor_unknown_note_and_malformed(make_workspace):
    for ref, why in [
        ("a#q9", "has no quote ^q9"),
        ("zz#q1", "no note 'zz'"),
        ("a-q1", "not a citation"),
    ]:
        result = run_lint(make_workspace(_persona(ref)))
        hits = [f for f in result.findings if f.code == "PK102"]
        assert [(f.path, f.line, f.column) for f in hits] == [("personas/admin.yaml", 8, 9)], ref
        assert why in hits[0].message


def test_unknown_source_row(make_workspace):
    files = _persona("tickets:T-9")
    files["personakit.yaml"] = (
        "title: T\nsources:\n  tickets:\n    path: t.csv\n    columns: {id: id, text: body}\n"
    )
    files["t.csv"] = "id,body\nT-1,one\n"
    result = run_lint(make_workspace(files))
    assert found(result, "PK102") == [("personas/admin.yaml", 8, "PK102")]
    assert "no row 'T-9'" in first(result, "PK102").message


def test_decision_resting_on_a_missing_anchor(make_workspace):
    root = make_workspace(
        {"decisions/x.md": "---\ndate: 2026-11-01\nstatus: proposed\nrests_on: [a#q7]\n---\n"}
    )
    assert found(run_lint(root), "PK102") == [("decisions/x.md", 4, "PK102")]


def test_quiet_on_existing_quotes(make_workspace):
    assert found(run_lint(make_workspace(_persona("b#q1"))), "PK102") == []
