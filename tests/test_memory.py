"""Notes held in memory between lints in one process (the language server): an
unchanged note is neither read nor built again, and every answer is the one a fresh
lint gives, after edits, additions, removals and a config change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from personakit.linter import lint
from personakit.workspace import reading
from personakit.workspace.memory import WorkspaceMemory
from tests.test_lint_cache import TODAY, example, generated

P09 = "interviews/interviews/2026-10-13-p09.md"


def uncited(number: int, body: str = "") -> str:
    """A note no claim cites (PK204 while it stands), of participant P<number>."""
    return (
        f"---\nid: p{number}\ndate: 2026-11-30\nkind: interview\nparticipant: P{number}\n"
        f"role: observer\nconsent: public\n---\n# Nobody cites it yet\n{body}"
    )


def held_lint(root: Path, memory: WorkspaceMemory, **options):
    return lint(root, today=TODAY, memory=memory, **options)


def fresh_findings(root: Path) -> list:
    return lint(root, today=TODAY).findings


def bump(path: Path) -> None:
    """Move the file's times on, as an editor's save a moment later would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_an_unchanged_note_is_used_again_and_an_edited_one_read_again(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    first = held_lint(root, memory)
    held = dict(memory.held)
    assert P09 in held
    other = next(rel for rel in held if rel != P09)
    path = root / P09
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    bump(path)
    second = held_lint(root, memory)
    assert memory.held[other] is held[other], "an unchanged note is not read again"
    assert memory.held[P09] is not held[P09], "the edited note is read again"
    note_id = next(n.id for n in first.workspace.notes.values() if n.path == other)
    assert second.workspace.notes[note_id] is first.workspace.notes[note_id]
    assert second.findings == fresh_findings(root)


def test_a_changed_quote_on_disk_gives_its_misquote(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    assert not [f for f in held_lint(root, memory).findings if f.code == "PK103"]
    path = root / P09
    text = path.read_text(encoding="utf-8")
    assert "Show me weekly active people" in text
    path.write_text(text.replace("Show me weekly", "Show me monthly"), encoding="utf-8")
    bump(path)
    found = held_lint(root, memory).findings
    assert [f.path for f in found if f.code == "PK103"] == ["personas/economic-buyer.yaml"]
    assert found == fresh_findings(root)


def test_an_unsaved_buffer_is_never_held(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    text = (root / P09).read_text(encoding="utf-8")
    held_lint(root, memory, overrides={P09: text.replace("Show me weekly", "Show me monthly")})
    assert P09 not in memory.held
    # The next lint without the buffer reads the file as it is on disk.
    assert held_lint(root, memory).findings == fresh_findings(root)


def test_after_edits_additions_removals_and_a_config_change_as_a_fresh_lint(
    tmp_path: Path,
) -> None:
    root = generated(tmp_path)
    memory = WorkspaceMemory()
    notes = sorted((root / "interviews").rglob("*.md"))
    steps = []

    def edit() -> None:
        text = notes[3].read_text(encoding="utf-8")
        notes[3].write_text(text.replace("> ", "> Not quite: ", 1), encoding="utf-8")
        bump(notes[3])

    def add() -> None:
        copy = notes[5].parent / "copied-note.md"
        copy.write_text(notes[5].read_text(encoding="utf-8"), encoding="utf-8")

    def remove() -> None:
        notes[7].unlink()

    def config() -> None:
        path = root / "personakit.yaml"
        path.write_text(
            path.read_text(encoding="utf-8") + "\nnote_fields: [segment_hint]\n", encoding="utf-8"
        )

    steps = [edit, add, remove, config]
    assert held_lint(root, memory).findings == fresh_findings(root)
    for step in steps:
        step()
        assert held_lint(root, memory).findings == fresh_findings(root), step.__name__


def test_a_persona_is_composed_again_only_when_its_text_changed(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    first = held_lint(root, memory)
    docs = {p.id: p.doc for p in first.workspace.personas.values()}
    path = root / "personas" / "economic-buyer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Show me weekly", "Show me monthly"), encoding="utf-8")
    second = held_lint(root, memory)
    again = {p.id: p.doc for p in second.workspace.personas.values()}
    assert again["economic-buyer"] is not docs["economic-buyer"]
    assert all(again[k] is docs[k] for k in docs if k != "economic-buyer")
    assert [f.path for f in second.findings if f.code == "PK103"] == [
        "personas/economic-buyer.yaml"
    ]
    assert second.findings == fresh_findings(root)
    # Back to the first text: its findings are the first lint's again.
    path.write_text(text, encoding="utf-8")
    assert held_lint(root, memory).findings == first.findings


def test_a_persona_that_does_not_parse_is_reported_each_time(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    path = root / "personas" / "economic-buyer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [\n", encoding="utf-8")
    for _ in range(2):
        found = held_lint(root, memory).findings
        assert [f.path for f in found if f.code == "PK001"] == ["personas/economic-buyer.yaml"]
        assert found == fresh_findings(root)


def _count(result, tag: str):
    claim = next(
        e.claim
        for e in result.workspace.claims
        if getattr(e.claim, "count", None) is not None and e.claim.count.tag == tag
    )
    return result.session.evidence.count(claim.count)


def test_counts_are_taken_over_only_while_no_note_changed_what_they_count(
    tmp_path: Path,
) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    first = held_lint(root, memory)
    before = _count(first, "adoption-proof")
    assert (before.n, before.of) == (4, 4)
    text = (root / P09).read_text(encoding="utf-8")
    # Prose only: every count comes out as before, so the last lint's is taken over.
    prose = held_lint(root, memory, overrides={P09: text + "\nA line typed.\n"})
    assert _count(prose, "adoption-proof") is before
    assert prose.findings == first.findings
    # A tag gone from the note: counted again, and the claim's count no longer adds up.
    untagged = text.replace("#adoption-proof ^q1", "^q1")
    edited = held_lint(root, memory, overrides={P09: untagged})
    after = _count(edited, "adoption-proof")
    assert after is not before and (after.n, after.of) == (3, 4)
    mismatch = [f for f in edited.findings if f.code == "PK104"]
    assert [f.path for f in mismatch] == ["personas/economic-buyer.yaml"]
    (root / P09).write_text(untagged, encoding="utf-8")
    assert edited.findings == fresh_findings(root)
    # The note's role changed: the population moves, and is counted again too.
    recast = untagged.replace("role: economic-buyer", "role: ops-admin")
    moved = held_lint(root, memory, overrides={P09: recast})
    assert (_count(moved, "adoption-proof").n, _count(moved, "adoption-proof").of) == (3, 3)
    (root / P09).write_text(recast, encoding="utf-8")
    assert moved.findings == fresh_findings(root)


def test_a_held_listing_sees_notes_added_renamed_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Folders changed in the two seconds before a walk are walked again next time;
    # here every listing is held from the first lint on.
    monkeypatch.setattr(reading, "RACY_NS", 0)
    root = example(tmp_path)
    memory = WorkspaceMemory()
    assert held_lint(root, memory).findings == fresh_findings(root)
    assert memory.listings, "the folders' listings are held"
    folder = root / "interviews" / "interviews"

    def add() -> None:  # a note nobody cites: PK204 while it is there
        (folder / "2026-11-30-p90.md").write_text(uncited(90), encoding="utf-8")

    def rename() -> None:
        (folder / "2026-11-30-p90.md").rename(folder / "2026-11-30-p91.md")

    def nested() -> None:
        (folder / "later").mkdir()
        (folder / "2026-11-30-p91.md").rename(folder / "later" / "2026-11-30-p91.md")

    def remove() -> None:
        (folder / "later" / "2026-11-30-p91.md").unlink()

    for step in (add, rename, nested, remove):
        step()
        found = held_lint(root, memory).findings
        assert found == fresh_findings(root), step.__name__
        assert [f.path for f in found if f.code == "PK204"] == {
            "add": ["interviews/interviews/2026-11-30-p90.md"],
            "rename": ["interviews/interviews/2026-11-30-p91.md"],
            "nested": ["interviews/interviews/later/2026-11-30-p91.md"],
            "remove": [],
        }[step.__name__]


def test_notes_put_in_place_of_the_held_ones_lint_as_a_fresh_load(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    held_lint(root, memory)
    text = (root / P09).read_text(encoding="utf-8")
    edits = {
        "prose": text + "\nA line typed.\n",
        "misquote": text.replace("Show me weekly", "Show me monthly"),
        "broken front matter": text.replace("kind: interview", "kind: [interview"),
        "another id": text.replace("id: p09", "id: p19"),
        "a duplicate id": text.replace("id: p09", "id: p01"),
        "a duplicate anchor": text.replace("^q2", "^q1"),
        "as it was": text,
    }
    for name, buffer in edits.items():
        held = held_lint(root, memory, overrides={P09: buffer}).findings
        assert held == lint(root, today=TODAY, overrides={P09: buffer}).findings, name
    assert [f.code for f in held_lint(root, memory).findings] == []


def test_an_unchanged_decision_is_the_last_loads_own(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    first = held_lint(root, memory)
    path = root / "decisions" / "2026-10-12-split-onboarding.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("p03#q1", "p03#q9"), encoding="utf-8")
    second = held_lint(root, memory)
    kept = "2026-11-16-weekly-digest"
    assert second.workspace.decisions[kept] is first.workspace.decisions[kept]
    assert (
        second.workspace.decisions["2026-10-12-split-onboarding"]
        is not (first.workspace.decisions["2026-10-12-split-onboarding"])
    )
    assert second.findings == fresh_findings(root)
    assert any(f.path == "decisions/2026-10-12-split-onboarding.md" for f in second.findings)


def test_a_listing_walked_through_a_link_is_walked_again_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "RACY_NS", 0)
    root = example(tmp_path)
    (root / "archive").mkdir()
    (root / "interviews" / "old").symlink_to("../archive", target_is_directory=True)
    memory = WorkspaceMemory()
    assert held_lint(root, memory).findings == fresh_findings(root)
    assert not [key for key in memory.listings if "interviews" in key]
    # A note appears behind the link: only the linked folder's own stat moves.
    (root / "archive" / "2026-11-30-p92.md").write_text(uncited(92), encoding="utf-8")
    found = held_lint(root, memory).findings
    assert [f.path for f in found if f.code == "PK204"] == ["interviews/old/2026-11-30-p92.md"]
    assert found == fresh_findings(root)


def test_a_watched_memory_reads_again_the_notes_it_is_told_of(tmp_path: Path) -> None:
    root = example(tmp_path)
    memory = WorkspaceMemory()
    memory.watch()
    assert held_lint(root, memory).findings == fresh_findings(root)
    path = root / P09
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Show me weekly", "Show me monthly"), encoding="utf-8")
    bump(path)
    # Not told: the held note stands (an editor that watches names every change).
    assert not [f for f in held_lint(root, memory).findings if f.code == "PK103"]
    memory.touched([P09])
    found = held_lint(root, memory).findings
    assert [f.path for f in found if f.code == "PK103"] == ["personas/economic-buyer.yaml"]
    assert found == fresh_findings(root)


def test_a_watched_memory_stats_the_notes_reached_through_a_link(tmp_path: Path) -> None:
    root = example(tmp_path)
    (root / "archive").mkdir()
    note = root / "archive" / "2026-11-30-p93.md"
    note.write_text(uncited(93, "\n> Kept for later. ^q1\n"), encoding="utf-8")
    (root / "interviews" / "old").symlink_to("../archive", target_is_directory=True)
    memory = WorkspaceMemory()
    memory.watch()
    held_lint(root, memory)
    held_lint(root, memory)  # notes held and put in place from here on
    # An editor names `archive/...`; the note is known as `interviews/old/...`.
    note.write_text(note.read_text(encoding="utf-8") + "Call me at someone@example.org\n")
    bump(note)
    memory.touched(["archive/2026-11-30-p93.md"])
    found = held_lint(root, memory).findings
    assert [f.path for f in found if f.code == "PK301"] == ["interviews/old/2026-11-30-p93.md"]
    assert found == fresh_findings(root)
