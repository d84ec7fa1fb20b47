from tests.conftest import first, found, run_lint

ORPHAN = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P9\n---\n{body}> Pricing is fine. #pricing ^q1\n"


def test_note_nothing_cites(make_workspace):
    result = run_lint(make_workspace({"interviews/c.md": ORPHAN.format(body="")}))
    assert found(result, "PK204") == [("interviews/c.md", 1, "PK204")]
    assert first(result, "PK204").severity.value == "info"


def test_suppressed_with_a_markdown_comment(make_workspace):
    body = "<!-- personakit: ignore[PK204] pricing research, out of scope -->\n"
    assert (
        found(run_lint(make_workspace({"interviews/c.md": ORPHAN.format(body=body)})), "PK204")
        == []
    )


def test_quiet_when_counted_or_rested_on(make_workspace):
    decision = "---\ndate: 2026-11-01\nstatus: accepted\npersonas: [admin]\nrests_on: [c#q1]\n---\n"
    files = {"interviews/c.md": ORPHAN.format(body=""), "decisions/split.md": decision}
    assert found(run_lint(make_workspace(files)), "PK204") == []
    # base notes a and b are cited; a note only counted is used as well
    files = {
        "interviews/c.md": ORPHAN.format(body="")
        .replace("#pricing", "#stalled")
        .replace("participant: P9", "participant: P9\nrole: ops-admin"),
        "personas/admin.yaml": (
            "name: O\nrole: R\npriority: primary\nstalls:\n  - id: integration-stall\n"
            "    text: Stops\n    quotes: [a#q1, b#q1]\n"
            "    count: {n: 3, of: 3, tag: stalled, among: {role: ops-admin}}\n"
        ),
    }
    assert found(run_lint(make_workspace(files)), "PK204") == []
