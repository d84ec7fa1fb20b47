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


def test_mismatch_lists_who_was_counted_by_code(make_workspace):
    root = make_workspace(_files("{n: 4, of: 4, tag: stalled, among: {role: ops-admin}}"))
    finding = first(run_lint(root), "PK104")
    # P01 (two notes, counted once) and P02 carry the tag; P04 is an ops admin without it.
    assert finding.message.endswith("; with the tag: P01, P02; without: P04")
    assert finding.details == {
        "stated": {"n": 4, "of": 4},
        "recomputed": {"n": 2, "of": 3},
        "tagged": ["P01", "P02"],
        "untagged": ["P04"],
    }


def test_json_report_carries_the_participants_in_details(make_workspace):
    import json

    from tests.test_cli import pk

    root = make_workspace(_files("{n: 4, of: 4, tag: stalled, among: {role: ops-admin}}"))
    proc = pk("lint", "--format", "json", cwd=root)
    findings = json.loads(proc.stdout)["findings"]
    mismatch = next(f for f in findings if f["code"] == "PK104")
    assert mismatch["details"]["tagged"] == ["P01", "P02"]
    assert mismatch["details"]["untagged"] == ["P04"]
    assert all("details" not in f for f in findings if f["code"] != "PK104")


def test_long_lists_are_cut_in_the_message_but_not_in_details(make_workspace):
    files = {
        f"interviews/n{i}.md": NOTE.format(
            day=1, participant=f"P{i}", role="ops-admin", tags="#stalled"
        )
        for i in range(1, 31)
    }
    files["personas/admin.yaml"] = PERSONA.format(
        count="{n: 3, of: 30, tag: stalled, among: {role: ops-admin}}"
    ).replace("quotes: [a#q1, b#q1]", "quotes: [n1#q1, n2#q1]")
    files["interviews/a.md"] = files["interviews/b.md"] = None
    finding = first(run_lint(make_workspace(files)), "PK104")
    # natural order (P2 before P10), 20 named, the rest counted
    assert "with the tag: P1, P2, P3," in finding.message
    assert finding.message.endswith("P20 and 10 more; without: none")
    assert finding.details is not None and len(finding.details["tagged"]) == 30
