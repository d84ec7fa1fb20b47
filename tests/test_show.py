"""`personakit show PERSONA`: the card in the terminal, with every quote of every claim."""

from __future__ import annotations

from typer.testing import CliRunner

from personakit.cli import app

THREE_VOICES = {
    "interviews/c.md": """\
        ---
        id: c
        date: 2026-10-03
        kind: interview
        participant: P03
        role: ops-admin
        ---
        # Interview C

        > The integration took our admin a whole week. #stalled ^q1
        """,
    "personas/admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, b#q1, c#q1]
            count: {n: 3, of: 3, tag: stalled, among: {role: ops-admin}}
        """,
}


def test_show_prints_every_quote_with_its_participant_code(make_workspace):
    root = make_workspace(THREE_VOICES)
    result = CliRunner().invoke(app, ["--root", str(root), "show", "admin"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "3 quotes" in result.output
    for text, code, ref in (
        ("so we waited", "P01", "a#q1"),
        ("Blocked for three days", "P02", "b#q1"),
        ("a whole week", "P03", "c#q1"),
    ):
        line = next(line for line in result.output.splitlines() if text in line)
        assert f"— {code}, " in line and f"({ref})" in line, line
