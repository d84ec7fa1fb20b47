from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
anxieties:
  {suppress}
  - text: Fears an empty first screen
    quotes: [{quotes}]
    {count}
"""

SECOND_A = (
    "---\ndate: 2026-10-05\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
    "> Nobody forgives an empty dashboard. #empty ^q1\n"
)


def _files(quotes: str, count: str = "", suppress: str = "") -> dict[str, str]:
    persona = PERSONA.format(quotes=quotes, count=count, suppress=suppress)
    return {"interviews/a2.md": SECOND_A, "personas/admin.yaml": persona}


def test_two_notes_of_one_participant_are_one_voice(make_workspace):
    result = run_lint(make_workspace(_files("a#q1, a2#q1")))
    assert found(result, "PK107") == [("personas/admin.yaml", 6, "PK107")]
    assert "(P01)" in first(result, "PK107").message


def test_quiet_with_two_voices_or_a_count_of_two(make_workspace):
    assert found(run_lint(make_workspace(_files("a#q1, b#q1"))), "PK107") == []
    count = "count: {n: 2, of: 2, tag: stalled}"
    assert found(run_lint(make_workspace(_files("a#q1", count=count))), "PK107") == []


def test_suppressed_in_place_with_a_reason(make_workspace):
    files = _files("a#q1", suppress="# personakit: ignore[PK107] the only buyer we could reach")
    assert found(run_lint(make_workspace(files)), "PK107") == []
    # by name too, and without a reason it does not silence
    files = _files("a#q1", suppress="# personakit: ignore[single-voice] one buyer")
    assert found(run_lint(make_workspace(files)), "PK107") == []
    files = _files("a#q1", suppress="# personakit: ignore[PK107]")
    assert found(run_lint(make_workspace(files)), "PK107") == [("personas/admin.yaml", 6, "PK107")]
