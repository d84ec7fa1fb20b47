"""`personakit serve`'s watcher: the system's watcher where it can start, polling where
it cannot (no inotify, its limit of watches reached), and the paths it names made
relative to the workspace for the held workspace (workspace/memory.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import watchfiles

from personakit.serve import watch


def test_a_watcher_that_cannot_start_gives_way_to_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool | None] = []

    def fake_watch(*paths, force_polling=None, **options):
        asked.append(force_polling)
        if not force_polling:
            raise OSError(28, "OS file watch limit reached")
        yield set()
        yield {(watchfiles.Change.modified, str(tmp_path / "personas" / "a.yaml"))}

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    said: list[str] = []
    batches = watch.changes(tmp_path, tmp_path / "site", notice=said.append)
    assert next(batches) == set()
    assert next(batches) == {str(tmp_path / "personas" / "a.yaml")}
    assert asked == [None, True]
    assert len(said) == 1 and "polling" in said[0] and "watch limit" in said[0]


def test_a_watcher_failing_once_watching_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_watch(*paths, force_polling=None, **options):
        yield set()
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    batches = watch.changes(tmp_path, tmp_path / "site", notice=lambda line: None)
    assert next(batches) == set()
    with pytest.raises(OSError):
        next(batches)


def test_changed_paths_are_named_as_the_workspace_names_its_files(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "interviews").mkdir(parents=True)
    (root / "archive").mkdir()
    os.symlink(root, tmp_path / "through-a-link")
    named = watch.relative(
        tmp_path / "through-a-link",
        {
            str(root / "interviews" / "p01.md"),
            str(root / "archive" / "old.md"),
            str(tmp_path / "elsewhere.md"),
            str(root),
        },
    )
    assert sorted(named) == ["archive/old.md", "interviews/p01.md"]
