"""One mistake, one finding: a file that fails to parse or validate still contributes
what can be read, and nothing that refers to it turns into false findings elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import found, run_lint

REPO = Path(__file__).resolve().parent.parent
NOTE = "interviews/churn/2026-09-30-fourthcoffee.md"
PERSONA = "personas/ops-admin.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example workspace, copied once."""
    root = tmp_path_factory.mktemp("example") / "ws"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "tests", "benchmarks", "src", "docs", "scripts"
        ),
    )
    return root


def _broken(example: Path, tmp_path: Path, path: str, old: str, new: str) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(example, root)
    file = root / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))
    return root


# Five ways to break one note's front matter, each with the one finding it must give.
NOTE_BREAKS = {
    "misspelt key": ("role: economic-buyer", "rloe: economic-buyer", ("PK002", 6)),
    "impossible date": ("date: 2026-09-30", "date: 2026-13-01", ("PK001", 3)),
    "unclosed bracket": ("tags: [goes-quiet]", "tags: [goes-quiet", ("PK001", 8)),
    "bad kind": ("kind: churn-note", "kind: churnnote", ("PK002", 4)),
    "broken fence": ("consent: internal\n---\n", "consent: internal\n--\n", ("PK001", 1)),
}


@pytest.mark.parametrize("how", sorted(NOTE_BREAKS))
def test_a_broken_note_gives_exactly_one_finding(example: Path, tmp_path: Path, how: str):
    old, new, (code, line) = NOTE_BREAKS[how]
    root = _broken(example, tmp_path, NOTE, old, new)
    result = run_lint(root)
    # No cascade: not PK102 for its quote, PK104 for counts over it, PK107 for
    # claims that lost a voice, nor an orphan or anything else (info included).
    assert found(result) == [(NOTE, line, code)]
    assert result.counts() == {"error": 1, "warning": 0, "info": 0}


def test_a_broken_note_still_contributes_its_id_and_quotes(example: Path, tmp_path: Path):
    root = _broken(example, tmp_path, NOTE, "tags: [goes-quiet]", "tags: [goes-quiet")
    ws = run_lint(root).workspace
    note = ws.notes["churn-fourthcoffee"]  # the id from the front matter, not the stem
    assert note.participant == "A-fourthcoffee"
    assert "q1" in note.quotes
    assert not note.complete
    assert not note.knows("tags")


def test_a_misquote_of_a_broken_note_is_still_found(example: Path, tmp_path: Path):
    """Its quotes were read, so a citation's text is still checked against them."""
    root = _broken(example, tmp_path, NOTE, "date: 2026-09-30", "date: 2026-13-01")
    persona = root / "personas" / "economic-buyer.yaml"
    text = persona.read_text()
    assert "churn-fourthcoffee#q1" in text
    persona.write_text(
        text.replace(
            "churn-fourthcoffee#q1",
            '{ref: churn-fourthcoffee#q1, text: "Nobody ever logged in"}',
            1,
        )
    )
    codes = sorted(code for _path, _line, code in found(run_lint(root)))
    assert codes == ["PK001", "PK103"]


def test_a_missing_anchor_in_a_broken_note_is_still_reported(example: Path, tmp_path: Path):
    root = _broken(example, tmp_path, NOTE, "kind: churn-note", "kind: churnnote")
    persona = root / "personas" / "economic-buyer.yaml"
    persona.write_text(
        persona.read_text().replace("churn-fourthcoffee#q1", "churn-fourthcoffee#q7")
    )
    codes = {code for _path, _line, code in found(run_lint(root))}
    assert codes == {"PK002", "PK102"}


def test_a_note_whose_id_cannot_be_read_hides_no_citation_behind_a_false_pk102(
    example: Path, tmp_path: Path
):
    root = _broken(example, tmp_path, NOTE, "id: churn-fourthcoffee", "id: [churn-fourthcoffee")
    assert [(path, code) for path, _line, code in found(run_lint(root))] == [(NOTE, "PK001")]


PERSONA_BREAKS = {
    "misspelt claim key": ("    quotes: [p01#q1, p04#q2]", "    qoutes: [p01#q1, p04#q2]", "PK002"),
    "bad enum": ("priority: primary", "priority: primry", "PK002"),
    "unclosed bracket": (
        "context: [evaluating, under-time-pressure]",
        "context: [evaluating, under-time-pressure",
        "PK001",
    ),
}


@pytest.mark.parametrize("how", sorted(PERSONA_BREAKS))
def test_a_broken_persona_is_not_reported_against_elsewhere(
    example: Path, tmp_path: Path, how: str
):
    """Decisions citing it (`personas:`, `rests_on: ops-admin#...`) and counts from its
    segment give no PK201/PK401 against it; its own finding is the only one."""
    old, new, code = PERSONA_BREAKS[how]
    root = _broken(example, tmp_path, PERSONA, old, new)
    result = run_lint(root)
    assert [(path, c) for path, _line, c in found(result)] == [(PERSONA, code)]
    assert result.counts() == {"error": 1, "warning": 0, "info": 0}


def test_a_broken_persona_keeps_its_valid_claims(example: Path, tmp_path: Path):
    old, new, _code = PERSONA_BREAKS["misspelt claim key"]
    root = _broken(example, tmp_path, PERSONA, old, new)
    ws = run_lint(root).workspace
    persona = ws.personas["ops-admin"]
    assert not persona.complete
    assert "integration-stall" in {e.claim.id for e in persona.claims}
    # Positions still point at each claim's own lines, as in the file unbroken.
    clean = {e.key: e.position for e in run_lint(example).workspace.personas["ops-admin"].claims}
    kept = {e.key: e.position for e in persona.claims}
    assert len(kept) == len(clean) - 1
    assert all(kept[key] == clean[key] for key in kept)


def test_a_broken_journey_makes_no_step_unknown(example: Path, tmp_path: Path):
    root = _broken(example, tmp_path, "journeys/onboarding.yaml", "steps:", "steps: [\nsteps:")
    result = run_lint(root)
    assert {(path, code) for path, _line, code in found(result)} == {
        ("journeys/onboarding.yaml", "PK001")
    }


def test_show_refuses_a_card_read_only_in_part(example: Path, tmp_path: Path):
    """Showing it would silently leave out what could not be read."""
    from typer.testing import CliRunner

    from personakit.cli import app

    old, new, _code = PERSONA_BREAKS["misspelt claim key"]
    root = _broken(example, tmp_path, PERSONA, old, new)
    result = CliRunner().invoke(app, ["--root", str(root), "show", "ops-admin"])
    assert result.exit_code == 2
    assert "personas/ops-admin.yaml:21" in result.output
    assert "cannot be shown: unknown field 'qoutes'" in result.output


def test_segment_refuses_a_card_whose_segment_could_not_be_read(example: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from personakit.cli import app

    root = _broken(example, tmp_path, PERSONA, "  of: users\n", "  of: users\n  off: x\n")
    result = CliRunner().invoke(app, ["--root", str(root), "segment", "ops-admin"])
    assert result.exit_code == 2
    assert "persona 'ops-admin' cannot be used: unknown field 'off'" in result.output


def test_tag_tables_count_a_broken_note_only_where_it_is_known(example: Path, tmp_path: Path):
    """`personakit tags` agrees with lint's counts: a note whose date could not be read
    still counts by role; one whose tags could not be read is left out."""
    from personakit.evidence import tag_table

    clean = tag_table(run_lint(example).workspace, "role")
    root = _broken(example, tmp_path, NOTE, "date: 2026-09-30", "date: 2026-13-01")
    assert tag_table(run_lint(root).workspace, "role") == clean
    root = _broken(example, tmp_path / "b", NOTE, "tags: [goes-quiet]", "tags: [goes-quiet")
    table = tag_table(run_lint(root).workspace, "role")
    assert table.totals["economic-buyer"] == clean.totals["economic-buyer"] - 1


def test_review_waits_for_the_broken_note_to_be_fixed(example: Path, tmp_path: Path):
    """Recording hashes of what could not be read would show as changed evidence later."""
    from typer.testing import CliRunner

    from personakit.cli import app

    root = _broken(example, tmp_path, NOTE, "kind: churn-note", "kind: churnnote")
    lock = (root / "personakit.lock").read_text() if (root / "personakit.lock").exists() else None
    result = CliRunner().invoke(app, ["--root", str(root), "review"])
    assert result.exit_code == 2
    assert f"{NOTE}:4" in result.output
    assert "cannot record a review while this file cannot be read" in result.output
    after = (root / "personakit.lock").read_text() if (root / "personakit.lock").exists() else None
    assert after == lock


@pytest.mark.parametrize(
    ("text", "data", "broken", "sure", "body"),
    [
        # a field that fails alone; the others, and the body, are kept
        (
            "---\nid: n1\ndate: 2026-13-01\nrole: x\n---\n> q ^q1\n",
            {"id", "role"},
            {"date"},
            True,
            6,
        ),
        # a value over two lines belongs to its key
        (
            '---\nid: n1\ntitle: "A\nB"\ntags: [a\n---\n> q ^q1\n',
            {"id", "title"},
            {"tags"},
            True,
            7,
        ),
        # a closing fence typed `--`
        ("---\nid: n1\nrole: x\n--\n# T\n> q ^q1\n", {"id", "role"}, set(), True, 5),
        # no closing fence; the `---` further down is a rule in the body
        ("---\nid: n1\nrole: x\n\n> q ^q1\n\n---\nmore\n", {"id", "role"}, set(), False, 4),
    ],
)
def test_front_matter_is_salvaged_field_by_field(text, data, broken, sure, body):
    from personakit.workspace.frontmatter import salvage_front_matter

    salvaged = salvage_front_matter(text)
    assert set(salvaged.data) == data
    assert salvaged.broken == broken
    assert salvaged.stray is not sure  # a guessed end: any unset field may be further down
    assert salvaged.body_line == body


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [("status: accepted", "status: acepted", "PK002"), ("personas: [", "personas: [[", "PK001")],
)
def test_a_broken_decision_makes_no_persona_decorative(make_workspace, old, new, code):
    """The one decision citing the persona does not load: no PK203 on the persona."""
    root = make_workspace()
    decision = root / "decisions" / "split.md"
    decision.write_text(decision.read_text().replace(old, new))
    assert [(path, c) for path, _line, c in found(run_lint(root))] == [("decisions/split.md", code)]


def test_a_persona_that_is_not_valid_yaml_keeps_the_fields_that_parse(
    example: Path, tmp_path: Path
):
    """Its claims are still checked, at their own lines; only the broken field is lost."""
    old, new, _code = PERSONA_BREAKS["unclosed bracket"]
    root = _broken(example, tmp_path, PERSONA, old, new)
    persona = root / PERSONA
    # A claim of the broken card that cites a quote that does not exist.
    persona.write_text(persona.read_text().replace("[p01#q1, p04#q2]", "[p01#q9, p04#q2]"))
    result = run_lint(root)
    card = result.workspace.personas["ops-admin"]
    assert not card.complete
    assert card.model.context == []  # the field that does not parse
    clean = {e.key: e.position for e in run_lint(example).workspace.personas["ops-admin"].claims}
    assert {e.key: e.position for e in card.claims} == clean
    assert [(path, code) for path, _line, code in found(result)] == [
        (PERSONA, "PK001"),
        (PERSONA, "PK102"),
    ]


def test_reading_in_parts_expands_no_further_than_reading_whole():
    """One budget of values for the whole file: two keys of about 0.7 million values
    each are one too many, as they would be in one piece (no alias bomb in parts)."""
    from personakit.workspace.loader import MAX_NODES, salvage_mapping

    def chunk(name: str) -> list[str]:
        lines = [f"{name}:", f"  l0: &{name}0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 5):
            refs = ", ".join([f"*{name}{level - 1}"] * 10)
            lines.append(f"  l{level}: &{name}{level} [{refs}]")
        lines += [f"  m{i}: *{name}4" for i in range(5)]
        return lines

    salvaged = salvage_mapping([*chunk("one"), *chunk("two"), "broken: ["])
    assert MAX_NODES < 2 * 670_000
    assert list(salvaged.doc.data) == ["one"]
    assert salvaged.broken == {"two", "broken"}
