"""The note cache (workspace/note_cache.py): after an edit only that note is parsed
again, the answer is byte for byte a fresh run's, and no entry vouches for a file it
was not made from (a clone carrying a cache, an edit in the same clock tick).

Tests count parses by wrapping NoteReader._parse, with notes read on one core.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from personakit import lint_cache
from personakit.cache import CACHE_DIR
from personakit.linter import lint
from personakit.workspace import load_workspace
from personakit.workspace.note_reader import NoteReader
from tests.conftest import read_entry, write_entry
from tests.test_lint_cache import P01, TODAY, example, generated, replace, reports, settle


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    monkeypatch.setenv("PERSONAKIT_JOBS", "1")
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = NoteReader._parse

    def counting(self, note, text):
        parsed.append(note.rel)
        return real(self, note, text)

    monkeypatch.setattr(NoteReader, "_parse", counting)
    return parsed


def entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("notes-*.json"))


def fresh_reports(root: Path) -> list[str]:
    return reports(lint(root, today=TODAY))


def warm_reports(root: Path) -> list[str]:
    # Through the note cache only: the whole-run cache would answer an unchanged run.
    return reports(lint(root, today=TODAY, notes_cache=True))


def test_after_one_edit_only_that_note_is_parsed_again(tmp_path: Path, parses: list[str]):
    root = generated(tmp_path)
    load_workspace(root, cache=True)
    assert len(parses) == 200 and len(entries(root)) == 1
    parses.clear()
    load_workspace(root, cache=True)
    assert parses == []
    note = sorted((root / "interviews").rglob("*.md"))[7]
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\n> A new quote from the same call. #fresh ^q99\n")
    ws = load_workspace(root, cache=True)
    rel = note.relative_to(root).as_posix()
    assert parses == [rel]
    assert "q99" in ws.notes[note.stem].quotes


def test_a_cached_load_gives_what_a_fresh_load_gives(tmp_path: Path, parses: list[str]):
    root = example(tmp_path)
    fresh = load_workspace(root)
    load_workspace(root, cache=True)
    parses.clear()
    warm = load_workspace(root, cache=True)
    assert parses == []
    assert warm.notes.keys() == fresh.notes.keys()
    for note_id, note in fresh.notes.items():
        cached = warm.notes[note_id]
        assert (cached.meta, cached.tags, cached.title) == (note.meta, note.tags, note.title)
        assert {a: (q.text, q.tags, q.line) for a, q in cached.quotes.items()} == {
            a: (q.text, q.tags, q.line) for a, q in note.quotes.items()
        }
    assert warm.problems == fresh.problems
    assert warm.suppressions == fresh.suppressions
    assert warm.texts == fresh.texts


def test_a_changed_quote_is_a_misquote_with_the_cache(tmp_path: Path):
    root = example(tmp_path)
    warm_reports(root)
    replace(root / P01, "something to look at", "something to peek at")
    assert warm_reports(root) == fresh_reports(root)
    assert any("PK103" in r for r in warm_reports(root))


def test_broken_notes_read_back_the_same(tmp_path: Path, parses: list[str]):
    root = example(tmp_path)
    notes = root / "interviews"
    (notes / "zz-unclosed.md").write_text("---\nid: zz1\ndate: [2026-01-01\n---\n# x\n")
    (notes / "zz-field.md").write_text(
        "---\nid: zz2\ndate: 2026-01-01\nkind: interview\nparticipant: P1\nrloe: x\n---\n"
        "> first ^q1\n> second ^q2\n<!-- personakit: ignore[PK105] kept for the record -->\n"
    )
    expected = fresh_reports(root)
    assert warm_reports(root) == expected
    parses.clear()
    assert warm_reports(root) == expected
    assert parses == []


def test_an_extra_field_holding_a_date_is_not_kept_but_is_right(tmp_path: Path, parses: list[str]):
    root = example(tmp_path)
    config = root / "personakit.yaml"
    config.write_text(config.read_text() + "note_fields: [recorded]\n")
    note = root / P01
    text = note.read_text()
    note.write_text(text.replace("---\n", "---\nrecorded: 2026-01-02\n", 1))
    load_workspace(root, cache=True)
    parses.clear()
    ws = load_workspace(root, cache=True)
    assert parses == [P01.as_posix()]  # parsed again: a date would come back a string
    (meta,) = [n.meta for n in ws.notes.values() if n.path == P01.as_posix()]
    recorded = (meta.model_extra or {})["recorded"]
    assert str(recorded) == "2026-01-02" and not isinstance(recorded, str)


def test_an_edit_the_stat_does_not_show_is_seen(tmp_path: Path, parses: list[str]):
    # An edit in the same clock tick as the run before it: same size, and (as far as
    # the entry knows) the same stat. The digest of the text tells.
    root = example(tmp_path)
    load_workspace(root, cache=True)
    note = root / P01
    replace(note, "something to look at", "something to peek at")  # same length
    (entry,) = entries(root)
    data = read_entry(entry)
    st = os.stat(note)
    data["data"][P01.as_posix()][0] = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    write_entry(entry, data)
    parses.clear()
    assert warm_reports(root) == fresh_reports(root)
    assert P01.as_posix() in parses


def test_a_cloned_cache_vouches_for_nothing(tmp_path: Path, parses: list[str]):
    root = example(tmp_path)
    load_workspace(root, cache=True)
    # Planted: the entry says this note is clean and quotes something it does not.
    (entry,) = entries(root)
    data = read_entry(entry)
    packed = data["data"][P01.as_posix()][2]
    packed[6] = [[q[0], "words nobody said", q[2], q[3], q[4]] for q in packed[6]]
    write_entry(entry, data)
    shutil.move(root, tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", root, copy_function=shutil.copy2)
    settle(root)
    parses.clear()
    ws = load_workspace(root, cache=True)
    assert len(parses) == len(ws.notes)  # every note parsed afresh
    assert "words nobody said" not in {q.text for n in ws.notes.values() for q in n.quotes.values()}


@pytest.mark.parametrize(
    "how",
    [
        pytest.param(lambda e: e.write_bytes(b"\x00{not json"), id="garbage"),
        pytest.param(
            lambda e: write_entry(
                e, {**read_entry(e), "data": {k: [1, 2] for k in read_entry(e)["data"]}}
            ),
            id="wrong-shape",
        ),
        pytest.param(
            # One byte changed inside a well-formed entry: its header no longer fits.
            lambda e: e.write_bytes(e.read_bytes().replace(b"interview", b"intervieW", 1)),
            id="flipped-byte",
        ),
        pytest.param(
            lambda e: write_entry(e, {"version": "0.0.1", "data": {}}),
            id="foreign-version",
        ),
    ],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, how, parses: list[str]):
    root = example(tmp_path)
    expected = fresh_reports(root)
    warm_reports(root)
    (entry,) = entries(root)
    how(entry)
    parses.clear()
    assert warm_reports(root) == expected
    assert parses  # parsed afresh
    parses.clear()
    assert warm_reports(root) == expected
    assert parses == []  # and written again


def test_no_cache_writes_no_notes_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = example(tmp_path)
    lint(root, today=TODAY)
    load_workspace(root)
    assert entries(root) == []
    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")
    lint(root, today=TODAY, cache=True)
    load_workspace(root, cache=True)
    assert entries(root) == []


def test_every_front_matter_field_is_kept(tmp_path: Path):
    # A field added to NoteMeta must be added to pack(), or cached notes would lose it.
    from personakit.model import NoteMeta
    from personakit.workspace.note_cache import pack
    from personakit.workspace.note_reader import NoteReader

    root = example(tmp_path)
    reader = NoteReader(str(root), frozenset(NoteMeta.model_fields))
    note = reader.read(str(root / P01), P01.as_posix())
    packed = pack(note)
    assert packed is not None
    assert set(packed[2]) == set(NoteMeta.model_fields)


def test_a_few_edits_do_not_rewrite_the_entry_many_do(tmp_path: Path, parses: list[str]):
    from personakit.workspace.note_cache import REWRITE_AFTER

    root = generated(tmp_path)
    load_workspace(root, cache=True)
    (entry,) = entries(root)
    written = entry.read_bytes()
    notes = sorted((root / "interviews").rglob("*.md"))
    with notes[3].open("a", encoding="utf-8") as handle:
        handle.write("\nA line added after the call.\n")
    parses.clear()
    load_workspace(root, cache=True)
    load_workspace(root, cache=True)
    rel = notes[3].relative_to(root).as_posix()
    assert parses == [rel, rel]  # parsed again each time: one note is cheap
    assert entry.read_bytes() == written
    for note in notes[: REWRITE_AFTER + 1]:
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\nAnother line.\n")
    load_workspace(root, cache=True)
    assert entry.read_bytes() != written
    parses.clear()
    load_workspace(root, cache=True)
    assert parses == []
