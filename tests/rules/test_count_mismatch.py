from tests.conftest import first, found, run_lint

NOTE = """\
---
date: 2026-10-0{day}
kind: interview
participant: {participant}
role: {role}
---
> Something about the integration. {tags} ^q1
"""

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
stalls:
  - id: integration-stall
    text: Stops at the integration step
    step: onboarding/integration
    quotes: [a#q1, b#q1]
    count: {count}
"""


def _files(count: str) -> dict[str, str]:
    return {
        # P01 again, in a second note: one participant, counted once.
        "interviews/c.md": NOTE.format(day=3, participant="P01", role="ops-admin", tags="#stalled"),
        "interviews/d.md": NOTE.format(day=4, participant="P04", role="ops-admin", tags=""),
        "interviews/e.md": NOTE.format(day=5, participant="P05", role="end-user", tags="#stalled"),
        "personas/admin.yaml": PERSONA.format(count=count),
    }


def test_mismatch_says_both_numbers(make_workspace):
    root = make_workspace(_files("{n: 4, of: 4, tag: stalled, among: {role: ops-admin}}"))
    result = run_lint(root)
    assert found(result, "PK104") == [("personas/admin.yaml", 9, "PK104")]
    message = first(result, "PK104").message
    assert "stated 4 of 4, recomputed 2 of 3" in message
    assert "tag stalled among role=ops-admin" in message


def test_participants_count_once_and_list_values_mean_any_of(make_workspace):
    root = make_workspace(_files("{n: 2, of: 3, tag: stalled, among: {role: ops-admin}}"))
    assert found(run_lint(root), "PK104") == []
    root = make_workspace(
        _files("{n: 3, of: 4, tag: stalled, among: {role: [ops-admin, end-user]}}")
    )
    assert found(run_lint(root), "PK104") == []


def test_tags_from_notes_that_among_excludes_do_not_count(make_workspace):
    # P04 carries #stalled only in a support ticket, which `kind: interview` leaves out.
    files = _files("{n: 1, of: 3, tag: stalled, among: {kind: interview, role: ops-admin}}")
    files["interviews/f.md"] = NOTE.format(
        day=6, participant="P04", role="ops-admin", tags="#stalled"
    )
    files["interviews/f.md"] = files["interviews/f.md"].replace(
        "kind: interview", "kind: support-ticket"
    )
    root = make_workspace(files)
    result = run_lint(root)
    assert found(result, "PK104") == [("personas/admin.yaml", 9, "PK104")]
    assert "recomputed 1 of 2" in first(result, "PK104").message


def test_count_over_a_source(make_workspace):
    files = _files("{n: 2, of: 3, tag: integration, among: {role: ops-admin}, source: tickets}")
    files["personakit.yaml"] = (
        "title: T\nsources:\n  tickets:\n    path: t.csv\n"
        "    columns: {id: id, text: body, role: role, tags: tags}\n"
    )
    files["t.csv"] = (
        "id,role,tags,body\nT-1,ops-admin,integration;oauth,x\nT-2,ops-admin,billing,y\n"
        "T-3,end-user,integration,z\nT-4,ops-admin,Integration,w\n"
    )
    assert found(run_lint(make_workspace(files)), "PK104") == []
    files["personas/admin.yaml"] = PERSONA.format(
        count="{n: 2, of: 4, tag: integration, source: tickets}"
    )
    result = run_lint(make_workspace(files))
    assert found(result, "PK104") == [("personas/admin.yaml", 9, "PK104")]
    assert "recomputed 3 of 4" in first(result, "PK104").message


def test_quiet_when_the_count_is_true(make_workspace):
    assert found(run_lint(make_workspace()), "PK104") == []
