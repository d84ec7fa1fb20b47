"""Edits lint cannot see keep the last answer (lint_delta.py): a note changed only in its
prose is answered from the cache, byte for byte as a fresh run answers it, and every
edit a rule can see still makes a full run that sees it.

Helpers come from test_lint_cache.py: `settle` gives what changed a distinct mtime an
hour ago, and the racy window is shrunk to nothing in-process (`_cache_on`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from personakit import lint_cache, lint_delta
from personakit.cache import CACHE_DIR, Cache
from personakit.errors import WorkspaceError
from personakit.linter import CachedLintResult
from personakit.workspace import note_facts
from tests.test_lint_cache import (
    P01,
    _pk,
    cached,
    codes,
    example,
    fresh,
    replace,
    reports,
    settle,
    wait_out_the_window,
)
from tests.test_replay import MARKER
from tests.test_replay import mark as mark_replays

# A sentence of prose between P01's two quotes: no rule looks at it.
PROSE = "She did not invite anyone until the first sync had landed."


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)


def warmed(tmp_path: Path) -> Path:
    """The example workspace, with its lint answer in the cache."""
    root = example(tmp_path)
    cached(root)
    assert isinstance(cached(root), CachedLintResult)
    return root


def assert_kept(root: Path) -> None:
    """The next cached run is answered from the entry, and says what a fresh run says."""
    warm = cached(root)
    assert isinstance(warm, CachedLintResult), "a prose edit should keep the answer"
    assert reports(warm) == reports(fresh(root))


def assert_seen(root: Path) -> None:
    """The next cached run is a full one, and says what a fresh run says."""
    run = cached(root)
    assert not isinstance(run, CachedLintResult), "an edit a rule sees must be a full run"
    assert reports(run) == reports(fresh(root))


def assert_same_stop(root: Path) -> None:
    """A fresh run stops with a mistake (one line, exit 2); the cached run stops alike."""
    with pytest.raises(WorkspaceError) as fresh_error:
        fresh(root)
    with pytest.raises(WorkspaceError) as cached_error:
        cached(root)
    assert str(cached_error.value) == str(fresh_error.value)


# -- edits no rule sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        (PROSE, "She waited for the first sync before inviting anyone."),  # same line
        ("", "\nA paragraph added at the end.\n"),  # below every quote
        ("ran the rollout herself.", "ran the rollout herself, twice."),  # before the quotes
        (PROSE, "> A blockquote with no anchor is prose."),
    ],
)
def test_a_prose_edit_keeps_the_answer(tmp_path: Path, old: str, new: str):
    root = warmed(tmp_path)
    if old:
        replace(root / P01, old, new)
    else:
        (root / P01).write_text((root / P01).read_text() + new)
    settle(root)
    assert_kept(root)
    # The entry now knows the note's new stat: the run after is a plain hit.
    moved = lint_delta.changed(_entry(root), str(root))
    assert moved == {}


def test_a_note_saved_by_renaming_a_new_file_over_it_keeps_the_answer(tmp_path: Path):
    root = warmed(tmp_path)
    note = root / P01
    spare = note.with_name(".p01.md.swp")  # as an editor writes it: hidden, then renamed
    spare.write_text(note.read_text().replace(PROSE, PROSE + " Then she did."))
    os.replace(spare, note)
    settle(root)
    assert_kept(root)


def test_a_file_no_walk_reads_appearing_beside_the_notes_keeps_the_answer(tmp_path: Path):
    root = warmed(tmp_path)
    (root / P01).with_name("draft.txt").write_text("not a note")
    settle(root)
    assert_kept(root)


def test_a_kept_answer_loads_no_model_no_yaml_no_rules_and_no_engine(tmp_path: Path):
    root = warmed(tmp_path)
    replace(root / P01, PROSE, "She waited.")
    settle(root)
    script = (
        "import sys, datetime, personakit.linter as l\n"
        f"r = l.lint({str(root)!r}, today=datetime.date(2026, 11, 24), cache=True)\n"
        "print(type(r).__name__, sorted(m for m in ('pydantic', 'yaml', 'duckdb', 'sqlglot',"
        " 'personakit.model.formats', 'personakit.rules', 'personakit.session')"
        " if m in sys.modules))\n"
    )
    env = {**os.environ, "PERSONAKIT_NO_CACHE": ""}
    wait_out_the_window()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.stdout == "CachedLintResult []\n", run.stderr


# -- edits a rule sees -------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("something to look at", "something to peek at", "PK103"),  # a quote's words
        (PROSE, "Write to her at ops@northwind.example.", "PK301"),  # an address in prose
        ("role: ops-admin", "role: ops-admn", None),  # front matter
        (PROSE, "> I said so. ^q9", None),  # a new quote
        ("# Setup walkthrough with P01", "# Another title", None),  # the note's title
        ("ran the rollout herself.", "ran the rollout\nherself.", None),  # quotes move down
        (PROSE, "<!-- personakit: ignore[PK204] kept for the record -->", None),
    ],
)
def test_an_edit_a_rule_sees_is_a_full_run(tmp_path: Path, old: str, new: str, code: str | None):
    root = warmed(tmp_path)
    replace(root / P01, old, new)
    settle(root)
    assert_seen(root)
    if code is not None:
        assert code in codes(cached(root))


def test_a_listed_name_written_in_prose_is_a_full_run(tmp_path: Path):
    root = example(tmp_path)
    config = root / "personakit.yaml"
    replace(config, "  PK108:", "  PK301: {names: [Dana Whitfield]}\n  PK108:")
    settle(root)
    cached(root)
    replace(root / P01, PROSE, "Dana  Whitfield did not invite anyone.")
    settle(root)
    assert_seen(root)
    assert "PK301" in codes(cached(root))


def test_a_new_note_is_a_full_run(tmp_path: Path):
    root = warmed(tmp_path)
    text = (root / P01).read_text().replace("id: p01", "id: p01-copy")
    (root / P01).with_name("2026-09-09-p01-copy.md").write_text(text)
    settle(root)
    assert_seen(root)


def test_a_note_turned_into_a_link_out_of_the_workspace_stops_as_a_fresh_run_does(
    tmp_path: Path,
):
    root = warmed(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text((root / P01).read_text())
    (root / P01).unlink()
    (root / P01).symlink_to(outside)
    settle(root)
    assert_same_stop(root)


def test_more_changed_notes_than_it_proves_is_a_full_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(lint_delta, "MOST_CHANGED", 1)
    root = warmed(tmp_path)
    replace(root / P01, PROSE, "She waited.")
    other = root / "interviews/interviews/2026-09-10-p06.md"
    other.write_text(other.read_text() + "\nA closing line.\n")
    settle(root)
    assert_seen(root)


def test_a_planted_entry_whose_digests_match_still_vouches_for_nothing(tmp_path: Path):
    """A clone carries the cache of the repository it came from, digests and all: every
    stat differs, the config's too, so nothing is taken from it."""
    root = warmed(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["cp", "-r", str(root), str(clone)], check=True)
    replace(clone / P01, "something to look at", "something to peek at")
    settle(clone)
    name, entry = _named_entry(clone)
    entry["findings"] = []  # a clean answer
    Cache(clone).write(name, entry)
    assert_seen(clone)
    assert "PK103" in codes(cached(clone))


def _named_entry(root: Path) -> tuple[str, dict]:
    (name,) = [p.name for p in (root / CACHE_DIR).glob("lint-*.json")]
    data = Cache(root).read(name)
    assert isinstance(data, dict)
    return name, data


def _entry(root: Path) -> dict:
    return _named_entry(root)[1]


# -- a replayed report ------------------------------------------------------------------


def test_a_replay_never_shows_a_line_from_before_the_edit(tmp_path: Path):
    """The address stays on its line, so what lint sees is the same; but the report shows
    that line, so it is not replayed: the line is read afresh."""
    root = example(tmp_path)
    replace(root / P01, PROSE, "Write to her at ops@northwind.example, she said.")
    settle(root)
    wait_out_the_window()
    args = ("lint", "--as-of", "2026-11-24")
    first = _pk(*args, cwd=root)
    assert "Write to her at ops@northwind.example, she said." in first.stdout
    replace(root / P01, "she said.", "she wrote.")
    wait_out_the_window()
    after = _pk(*args, cwd=root)
    expected = _pk(*args, "--no-cache", cwd=root)
    assert (after.stdout, after.returncode) == (expected.stdout, expected.returncode)
    assert "ops@northwind.example, she wrote." in after.stdout


def test_a_replay_after_a_prose_edit_prints_what_a_fresh_run_prints(tmp_path: Path):
    root = example(tmp_path)
    settle(root)
    wait_out_the_window()
    for args in (["--as-of", "2026-11-24"], ["--format", "json", "--as-of", "2026-11-24"]):
        _pk("lint", *args, cwd=root)
        _pk("lint", *args, cwd=root)  # recorded for replay
    replace(root / P01, PROSE, "She waited for the first sync.")
    wait_out_the_window()
    for args in (["--as-of", "2026-11-24"], ["--format", "json", "--as-of", "2026-11-24"]):
        after = _pk("lint", *args, cwd=root)
        expected = _pk("lint", "--no-cache", *args, cwd=root)
        assert (after.stdout, after.returncode) == (expected.stdout, expected.returncode)
    # ... and it was the replay that answered: a recorded output made a marker shows.
    replace(root / P01, "She waited for the first sync.", "She waited.")
    wait_out_the_window()
    mark_replays(root)
    assert _pk("lint", "--as-of", "2026-11-24", cwd=root).stdout == MARKER


# -- found by a hostile review -----------------------------------------------------------


def test_a_folder_of_notes_turned_into_a_link_out_of_the_workspace_stops_as_a_fresh_run(
    tmp_path: Path,
):
    """`interviews/churn` is a link inside the workspace (allowed); the folder it leads
    to becomes a link out of it, with the same notes. The folder's listing is the same
    names, but the walk now leaves the workspace: a fresh run stops, so must this one."""
    root = example(tmp_path)
    (root / "archive").mkdir()
    os.rename(root / "interviews/churn", root / "archive/churn")
    (root / "interviews/churn").symlink_to("../archive/churn")
    settle(root)
    cached(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copytree(root / "archive/churn", outside / "churn")
    shutil.rmtree(root / "archive/churn")
    (root / "archive/churn").symlink_to(outside / "churn")
    settle(root)
    assert_same_stop(root)


def test_a_planted_entry_cannot_name_the_config_or_a_file_outside_as_a_note(tmp_path: Path):
    """Which changed inputs may be proved the same is personakit's decision, not the
    entry's: a planted entry listing the config (whose front-matter-like text digests
    the same) and `../secret.md` among its notes, every stat zeroed and no findings,
    is no answer."""
    root = example(tmp_path)
    config = root / "personakit.yaml"
    config.write_text("---\n" + config.read_text() + "...\n")
    (tmp_path / "secret.md").write_text("---\nid: secret\n---\n")
    settle(root)
    expected = reports(fresh(root))
    cached(root)
    name, entry = _named_entry(root)
    entry["stats"] = {path: [0, 0, 0, 0] for path in entry["stats"]}
    entry["stats"]["../secret.md"] = [0, 0, 0, 0]
    entry["seen"]["notes"]["personakit.yaml"] = note_facts.facts(config.read_text())
    entry["seen"]["notes"]["../secret.md"] = note_facts.facts("---\nid: secret\n---\n")
    entry["findings"] = []
    entry["answer"] = lint_cache.answer_digest(entry)
    Cache(root).write(name, entry)
    assert lint_delta.changed(entry, str(root)) is None
    run = cached(root)
    assert not isinstance(run, CachedLintResult)
    assert reports(run) == expected


def test_a_replay_is_of_the_answer_its_report_was_printed_from(tmp_path: Path):
    """A text lint and a JSON lint share one lint entry; after a real edit the text one
    writes it again, with another answer: the JSON report recorded before must not be
    replayed against it."""
    root = example(tmp_path)
    settle(root)
    wait_out_the_window()
    args = ("lint", "--as-of", "2026-11-24")
    _pk(*args, "--format", "json", cwd=root)
    _pk(*args, cwd=root)  # the same entry: a hit, recorded as text
    replace(root / P01, "something to look at", "something to peek at")
    wait_out_the_window()
    _pk(*args, cwd=root)  # a full run: the entry is written again, with a PK103
    after = _pk(*args, "--format", "json", cwd=root)
    expected = _pk(*args, "--format", "json", "--no-cache", cwd=root)
    assert (after.stdout, after.returncode) == (expected.stdout, expected.returncode)
    assert "PK103" in after.stdout
