"""Re-rendering: unchanged pages are taken over from the last render (same bytes, same
file), changed ones are rendered again, and the result is byte-identical to a render
from nothing. Parallel rendering gives the same bytes as rendering in one process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.render import render
from tests.conftest import example_copy, read_entry, write_entry
from tests.test_cli import REPO, assert_one_line_error, pk
from tests.test_render import TODAY, files_of


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    return example_copy(tmp_path / "ws")


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def fresh(root: Path, tmp_path: Path, name: str = "fresh", fmt: str = "html") -> dict[str, bytes]:
    out = tmp_path / name
    render(root, out, fmt=fmt, today=TODAY, cache=False)
    return files_of(out)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_second_render_takes_every_page_over_untouched(workspace, tmp_path, fmt):
    out = tmp_path / "site"
    render(workspace, out, fmt=fmt, today=TODAY)
    before = stats(out)
    assert (workspace / ".personakit_cache" / "CACHEDIR.TAG").exists()
    render(workspace, out, fmt=fmt, today=TODAY)
    after = stats(out)
    marker = ".personakit-render"
    assert {k: v for k, v in after.items() if k != marker} == {
        k: v for k, v in before.items() if k != marker
    }
    assert files_of(out) == fresh(workspace, tmp_path, fmt=fmt)


def test_after_editing_one_note_only_its_pages_are_rendered_again(workspace, tmp_path):
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    before = stats(out)
    note = workspace / "interviews" / "interviews" / "2026-09-22-p03.md"
    assert note.exists()
    note.write_text(note.read_text() + "\nA line added after the call.\n")
    render(workspace, out, today=TODAY)
    after = stats(out)
    changed = {k for k in after if after[k] != before.get(k)}
    assert "notes/p03.html" in changed
    assert "personas/ops-admin.html" not in changed
    assert len(changed) <= 3  # the note, the marker, at most one page listing the note
    assert files_of(out) == fresh(workspace, tmp_path)


def test_a_claim_edit_rerenders_the_pages_that_show_it(workspace, tmp_path):
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    persona = workspace / "personas" / "ops-admin.yaml"
    persona.write_text(persona.read_text().replace("name: ", "name: Dr ", 1))
    render(workspace, out, today=TODAY)
    assert "Dr " in (out / "personas" / "ops-admin.html").read_text()
    assert files_of(out) == fresh(workspace, tmp_path)


def test_a_template_override_rerenders_every_page(workspace, tmp_path):
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    base = (REPO / "src/personakit/templates/render/html/base.html.j2").read_text()
    override = workspace / "templates" / "render" / "html" / "base.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text(base.replace("<body", '<body data-custom="1"'))
    render(workspace, out, today=TODAY)
    for page in (out / "notes").glob("*.html"):
        assert 'data-custom="1"' in page.read_text()
    assert files_of(out) == fresh(workspace, tmp_path)


def test_a_page_edited_by_hand_in_the_site_is_rendered_again(workspace, tmp_path):
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    page = out / "notes" / "p03.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<body", b"<body tampered"))
    render(workspace, out, today=TODAY)
    assert page.read_bytes() == original


@pytest.mark.parametrize(
    "plant",
    [
        "garbage",  # not JSON
        "wrong-shape",  # JSON, but not a cache entry
        "foreign-version",  # written by another personakit
        "lying-keys",  # right keys, stats from another machine
        "folder-is-a-file",
    ],
)
def test_a_corrupt_or_planted_cache_is_ignored(workspace, tmp_path, plant):
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    cache = workspace / ".personakit_cache"
    entry = next(cache.glob("render-*.json"))
    if plant == "garbage":
        entry.write_bytes(b"\x00\xff{{{")
    elif plant == "wrong-shape":
        write_entry(entry, [1, 2, 3])
    elif plant == "foreign-version":
        data = read_entry(entry)
        data["version"] = "0.0.0-other"
        write_entry(entry, data)
    elif plant == "lying-keys":
        # A cache committed to a cloned repository: the right keys, but stats taken
        # on another machine. Nothing may be taken over on the strength of it.
        data = read_entry(entry)
        for item in data["data"].values():
            item[1] += 1
        write_entry(entry, data)
        for page in (out / "notes").glob("*.html"):
            page.write_text("<p>planted</p>")
    else:
        shutil.rmtree(cache)
        cache.write_text("not a folder")
    render(workspace, out, today=TODAY)
    assert files_of(out) == fresh(workspace, tmp_path)


def test_a_cache_folder_linking_out_of_the_workspace_is_not_used(workspace, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace / ".personakit_cache").symlink_to(outside)
    render(workspace, tmp_path / "site", today=TODAY)
    assert list(outside.iterdir()) == []


def test_no_cache_flag_and_variable_keep_the_workspace_clean(workspace, tmp_path, monkeypatch):
    proc = pk("render", "--out", str(tmp_path / "a"), "--no-cache", cwd=workspace)
    assert proc.returncode == 0, proc.stderr
    assert not (workspace / ".personakit_cache").exists()
    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")
    render(workspace, tmp_path / "b", today=TODAY)
    assert not (workspace / ".personakit_cache").exists()


def test_rendering_on_two_processes_gives_the_same_bytes(workspace, tmp_path, monkeypatch):
    from personakit.render import parallel

    pools = []
    real_context = parallel._context

    def counted():  # the worker pool really is started, not quietly skipped
        pools.append(1)
        return real_context()

    monkeypatch.setattr(parallel, "_context", counted)
    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")
    monkeypatch.setenv("PERSONAKIT_JOBS", "1")
    render(workspace, tmp_path / "one", today=TODAY)
    assert pools == []
    monkeypatch.setenv("PERSONAKIT_JOBS", "2")
    render(workspace, tmp_path / "two", today=TODAY)
    assert pools == [1]
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_workers_take_unchanged_pages_over_and_render_the_changed_ones(
    workspace, tmp_path, monkeypatch
):
    from personakit.render import parallel

    pools = []
    real_context = parallel._context

    def counted():
        pools.append(1)
        return real_context()

    monkeypatch.setattr(parallel, "_context", counted)
    monkeypatch.setattr(parallel, "_CHUNK_MAX", 5)  # many chunks, each decided by a worker
    monkeypatch.setenv("PERSONAKIT_JOBS", "2")
    out = tmp_path / "site"
    render(workspace, out, today=TODAY)
    before = stats(out)
    note = workspace / "interviews" / "interviews" / "2026-09-22-p03.md"
    note.write_text(note.read_text() + "\nA line added after the call.\n")
    render(workspace, out, today=TODAY)
    after = stats(out)
    changed = {k for k in after if after[k] != before.get(k)}
    assert "notes/p03.html" in changed
    assert len(changed) <= 3  # the note, the marker, at most one page listing the note
    render(workspace, out, today=TODAY)  # the keys the workers computed were recorded
    again = stats(out)
    assert {k for k in again if again[k] != after.get(k)} == {".personakit-render"}
    assert pools == [1, 1, 1]
    assert files_of(out) == fresh(workspace, tmp_path)


def test_without_a_cache_no_page_key_is_computed(workspace, tmp_path, monkeypatch):
    from personakit.render import parallel

    def refused(*_args):
        raise AssertionError("a page key was computed with the cache off")

    monkeypatch.setattr(parallel, "page_key", refused)
    monkeypatch.setenv("PERSONAKIT_JOBS", "1")
    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")
    render(workspace, tmp_path / "site", today=TODAY)
    assert (tmp_path / "site" / "index.html").exists()


def test_a_template_error_in_a_worker_is_one_line_naming_the_template(workspace, tmp_path):
    render_with_a_broken_note_template(workspace, tmp_path)


def render_with_a_broken_note_template(workspace: Path, tmp_path: Path) -> None:
    """Render on two processes with a note template that fails: one line naming the
    template, exit code 2, and no site written."""
    override = workspace / "templates" / "render" / "html" / "note.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "render/html/base.html.j2" %}\n{% block main %}{{ 1 / 0 }}{% endblock %}\n'
    )
    env = {**os.environ, "PERSONAKIT_JOBS": "2", "PERSONAKIT_NO_CACHE": "1", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "render", "--out", str(tmp_path / "site")],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert_one_line_error(proc, "templates/render/html/note.html.j2")
    assert not (tmp_path / "site").exists()


def test_the_library_renders_in_one_process_unless_asked(monkeypatch):
    from personakit.forking import jobs

    monkeypatch.delenv("PERSONAKIT_JOBS", raising=False)
    assert jobs(auto=False) == (1, False)
    assert jobs(auto=True)[0] >= 1
    monkeypatch.setenv("PERSONAKIT_JOBS", "3")
    assert jobs(auto=False) == (3, True)
