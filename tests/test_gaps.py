"""`personakit gaps`: where the evidence is thin, with suggested quotes and counts."""

from __future__ import annotations

import json

import pytest

from personakit.gaps import find_gaps
from tests.conftest import TODAY, run_lint
from tests.test_cli import assert_one_line_error, pk


def _note(
    note_id: str, date: str, kind: str, participant: str, quotes: str, role: str = "ops-admin"
) -> str:
    return (
        f"---\nid: {note_id}\ndate: {date}\nkind: {kind}\nparticipant: {participant}\n"
        f"role: {role}\n---\n# {note_id}\n\n{quotes}\n"
    )


FILES: dict[str, str | None] = {
    "personas/admin.yaml": None,
    "decisions/split.md": """\
        ---
        date: 2026-11-01
        status: accepted
        personas: [ops-admin]
        ---
        # Split onboarding
        """,
    "interviews/a.md": _note(
        "a",
        "2026-10-01",
        "interview",
        "P01",
        "> IT had to approve the scopes. #stalled ^q1\n\n"
        "> The dashboard was empty on day one. #dashboard ^q2\n\n"
        "> We pay per seat and it hurts. #pricing ^q3",
    ),
    "interviews/b.md": _note(
        "b",
        "2026-10-02",
        "support-ticket",
        "P02",
        "> Blocked for three days waiting on IT. #stalled ^q1\n\n"
        "> Seat pricing is too steep. #pricing ^q2",
    ),
    "interviews/c.md": _note(
        "c",
        "2026-10-20",
        "interview",
        "P03",
        "> Security took a week to sign off. #stalled ^q2\n\n"
        "> Empty charts again on the first login. #dashboard ^q1\n\n"
        "> Pricing per seat kills the rollout. #pricing ^q3",
    ),
    "interviews/d.md": _note(
        "d",
        "2026-09-01",
        "interview",
        "P04",
        "> The first screen showed nothing at all. #dashboard #first-login ^q1",
    ),
    "interviews/old.md": _note(
        "old", "2024-01-10", "interview", "P05", "> Exports were broken for weeks. #exports ^q1"
    ),
    "interviews/new.md": _note(
        "new",
        "2026-11-01",
        "interview",
        "P06",
        "> Exports still time out on big files. #exports ^q1",
    ),
    "personas/ops-admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        motivations:
          - id: real-data
            text: Wants real data on the first screen
            quotes: [a#q2]
        anxieties:
          - id: exports
            text: Fears exports will fail
            quotes: [old#q1]
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, c#q2]
        journey:
          onboarding/integration:
            success: {text: Connected before the demo, quotes: [a#q1], count: {n: 3, of: 6, tag: stalled, among: {role: ops-admin}}}
        """,
}


@pytest.fixture
def root(make_workspace):
    return make_workspace(FILES)


def _gaps(root, persona=None):
    result = run_lint(root)
    return find_gaps(result.session, result.findings, persona)


def _by_kind(gaps, kind):
    return [g for g in gaps if g.kind == kind]


def test_single_voice_suggests_other_participants_by_shared_tags_then_recency(root):
    gap, exports = _by_kind(_gaps(root), "single-voice")
    assert gap.subject == "ops-admin#real-data" and gap.line == 5
    assert exports.subject == "ops-admin#exports"
    assert [q.ref for q in exports.quotes] == ["new#q1"]
    # c#q1 (newer) before d#q1; both share #dashboard; a's own quotes are P01's.
    assert [(q.ref, q.participant, q.shared_tags) for q in gap.quotes] == [
        ("c#q1", "P03", ["dashboard"]),
        ("d#q1", "P04", ["dashboard"]),
    ]


def test_single_kind_suggests_another_kind(root):
    (gap,) = _by_kind(_gaps(root), "single-kind")
    assert gap.subject == "ops-admin#integration-stall"
    assert [(q.ref, q.kind) for q in gap.quotes] == [("b#q1", "support-ticket")]
    assert "interview evidence only" in gap.close


def test_count_to_state_is_computed_now(root):
    counts = {g.subject: g.count for g in _by_kind(_gaps(root), "count")}
    # a#q1 and c#q2 share #stalled; among ops-admin: P01, P02, P03 of six.
    assert counts["ops-admin#integration-stall"] == {
        "n": 3, "of": 6, "tag": "stalled", "among": {"role": "ops-admin"},
    }  # fmt: skip
    # A claim that states a count already is not asked for one.
    assert "ops-admin#journey[onboarding/integration].success" not in counts


def test_stale_claim_with_newer_quotes_on_its_tags(root):
    (gap,) = _by_kind(_gaps(root), "stale")
    assert gap.subject == "ops-admin#exports"
    assert [q.ref for q in gap.quotes] == ["new#q1"]
    assert "2024-01-10" in gap.close


def test_uncited_tag_of_three_participants_is_a_candidate_claim(root):
    gaps = _by_kind(_gaps(root), "uncited-tag")
    assert [g.subject for g in gaps] == ["pricing"]  # #dashboard is cited; #exports has 2
    assert [q.ref for q in gaps[0].quotes] == ["c#q3", "b#q2", "a#q3"]
    assert gaps[0].count == {"n": 3, "of": 6, "tag": "pricing", "among": {"role": "ops-admin"}}


def test_empty_cells_of_primary_and_secondary_personas_only(root, make_workspace):
    cells = _by_kind(_gaps(root), "empty-cell")
    assert [(g.subject, g.text) for g in cells] == [
        ("onboarding/signup", "Signs up: no success and no goes wrong"),
        ("onboarding/integration", "Connects the integration: no goes wrong"),
    ]
    text = FILES["personas/ops-admin.yaml"].replace("priority: primary", "priority: not-targeted")
    other = make_workspace({**FILES, "personas/ops-admin.yaml": text})
    assert _by_kind(_gaps(other), "empty-cell") == []


def test_rank_puts_claims_before_cells_and_tags(root):
    assert [(g.kind, g.subject) for g in _gaps(root)] == [
        ("stale", "ops-admin#exports"),
        ("single-voice", "ops-admin#real-data"),
        ("single-voice", "ops-admin#exports"),
        ("single-kind", "ops-admin#integration-stall"),
        ("count", "ops-admin#real-data"),
        ("count", "ops-admin#exports"),
        ("count", "ops-admin#integration-stall"),
        ("empty-cell", "onboarding/signup"),
        ("empty-cell", "onboarding/integration"),
        ("uncited-tag", "pricing"),
    ]


def test_a_rule_turned_off_is_no_gap(make_workspace):
    files = {**FILES, "personakit.yaml": "title: T\nrules: {PK107: off, PK108: off}\n"}
    kinds = {g.kind for g in _gaps(make_workspace(files))}
    assert "single-voice" not in kinds and "stale" not in kinds


def test_json_is_stable(root, golden):
    proc = pk("gaps", "--format", "json", "--as-of", TODAY.isoformat(), cwd=root)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["version"] == 1 and data["as_of"] == "2026-11-24" and data["persona"] is None
    assert [g["rank"] for g in data["gaps"]] == list(range(1, 11))
    assert data["summary"] == {
        "stale": 1, "single-voice": 2, "single-kind": 1, "count": 3,
        "empty-cell": 2, "uncited-tag": 1,
    }  # fmt: skip
    golden("gaps/gaps.json", proc.stdout)


def test_text_and_markdown(root, golden):
    text = pk("gaps", "ops-admin", "--as-of", TODAY.isoformat(), cwd=root)
    assert text.returncode == 0, text.stderr
    golden("gaps/gaps.txt", text.stdout)
    md = pk("gaps", "--format", "md", "--as-of", TODAY.isoformat(), cwd=root)
    golden("gaps/gaps.md", md.stdout)
    assert md.stdout.startswith("## Evidence gaps\n\n- [ ] **stale claim** `ops-admin#exports`")


def test_unknown_persona(root):
    assert_one_line_error(pk("gaps", "ops-admn", cwd=root), "no persona 'ops-admn'", "ops-admin")
    assert _gaps(root, "nobody") == []  # the library takes any id; the command checks it


def test_render_draft_shows_gaps(root, tmp_path):
    from personakit.render import render

    draft = tmp_path / "draft"
    render(root, draft, fmt="md", draft=True, today=TODAY)
    page = (draft / "personas" / "ops-admin.md").read_text(encoding="utf-8")
    assert "## Gaps in the evidence" in page
    assert "1. **stale claim** · `ops-admin#exports`" in page
    assert "   - `new#q1` (P06, 2026-11-01): “Exports still time out on big files.”" in page


def test_a_clean_render_has_no_gaps_section(make_workspace, tmp_path):
    from personakit.render import render

    clean = make_workspace()  # the base workspace: lint-clean, renders without --draft
    out = tmp_path / "clean"
    render(clean, out, fmt="md", today=TODAY)
    assert "Gaps in the evidence" not in (out / "personas" / "admin.md").read_text(encoding="utf-8")
    render(clean, tmp_path / "clean-draft", fmt="md", draft=True, today=TODAY)
    page = (tmp_path / "clean-draft" / "personas" / "admin.md").read_text(encoding="utf-8")
    assert "1. **empty journey cell** · `onboarding/signup`" in page


def test_a_public_draft_has_no_gaps_section(root, tmp_path):
    from personakit.render import render

    render(root, tmp_path / "p", fmt="md", draft=True, public=True, today=TODAY)
    page = (tmp_path / "p" / "personas" / "ops-admin.md").read_text(encoding="utf-8")
    assert "Gaps in the evidence" not in page
