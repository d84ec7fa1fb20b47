"""Notes held in memory between lints in one process (the language server): an
unchanged note is neither read nor built again, and every answer is the one a fresh
lint gives, after edits, additions, removals and a config change."""

from __future__ import annotations

import os
from pathlib import Path

from personakit.linter import lint
from personakit.workspace.memory import WorkspaceMemory
from tests.test_lint_cache import TODAY, example, generated

P09 = "interviews/interviews/2026-10-13-p09.md"


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
