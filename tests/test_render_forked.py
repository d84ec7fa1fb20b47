"""Rendering by forking once the site model is built (render/forked.py): the same bytes
as one process, pages taken over from the last render, a template error in any block
reported as one line for the first failing page, and the fork server's workers used
instead where forking is not safe (a data engine loaded).

Each render runs in a fresh interpreter (a subprocess), as the command does: the test
process itself has imported data engines, which makes forking unsafe in it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import REPO, assert_one_line_error
from tests.test_lint_cache import generated
from tests.test_render import files_of
from tests.test_render_incremental import SOURCES, stats

# Renders ROOT into OUT with the library's parallel rendering, and prints how many
# processes rendered by forking each time (none: the fork server's workers or this
# process rendered).
SCRIPT = """
import datetime as dt, json, sys
import personakit.render.writer as writer
from personakit.render import render

forked = []
real = writer.render_forked

def spy(*args, **kwargs):
    forked.append(args[7])
    return real(*args, **kwargs)

writer.render_forked = spy
result = render(sys.argv[1], sys.argv[2], today=dt.date(2026, 11, 24), parallel=True)
print(json.dumps({"forked": forked, "pages": result.pages, "written": result.written}))
"""


def run(root: Path, out: Path, jobs: int, **env: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PERSONAKIT_JOBS": str(jobs), **env},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    return generated(tmp_path)  # 200 notes, no data tables: lint opens no data engine


def test_forked_processes_render_the_same_bytes_as_one(workspace, tmp_path):
    one = run(workspace, tmp_path / "one", 1, PERSONAKIT_NO_CACHE="1")
    two = run(workspace, tmp_path / "two", 2, PERSONAKIT_NO_CACHE="1")
    three = run(workspace, tmp_path / "three", 3, PERSONAKIT_NO_CACHE="1")
    assert one["forked"] == [] and two["forked"] == [2] and three["forked"] == [3]
    assert one["pages"] == two["pages"] == three["pages"] > 200
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")
    assert files_of(tmp_path / "one") == files_of(tmp_path / "three")


def test_forked_processes_take_unchanged_pages_over(workspace, tmp_path):
    out = tmp_path / "site"
    assert run(workspace, out, 2)["forked"] == [2]
    before = stats(out)
    note = sorted((workspace / "interviews").rglob("*.md"))[7]
    note.write_text(note.read_text() + "\nA line added after the call.\n")
    assert run(workspace, out, 2)["forked"] == [2]
    after = stats(out)
    changed = {k for k in after if after[k] != before.get(k)}
    assert ".personakit-render" in changed
    assert 2 <= len(changed) <= 3  # the marker, the note's page, at most one listing it
    again_run = run(workspace, out, 2)  # the keys the forked processes computed were kept
    again = stats(out)
    assert again_run["forked"] == [2]
    assert {k for k in again if again[k] != after.get(k)} == {".personakit-render"}
    run(workspace, tmp_path / "fresh", 1, PERSONAKIT_NO_CACHE="1")
    assert files_of(out) == files_of(tmp_path / "fresh")


def test_a_template_error_in_a_forked_block_is_one_line_and_writes_nothing(workspace, tmp_path):
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
        timeout=300,
        env=env,
    )
    assert_one_line_error(proc, "templates/render/html/note.html.j2")
    assert not (tmp_path / "site").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_with_a_data_engine_loaded_the_fork_servers_workers_render(tmp_path):
    root = tmp_path / "ws"  # the example workspace: lint opens DuckDB for its segments
    root.mkdir()
    for name in SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.exists():
            shutil.copy(src, root / name)
    two = run(root, tmp_path / "two", 2, PERSONAKIT_NO_CACHE="1")
    run(root, tmp_path / "one", 1, PERSONAKIT_NO_CACHE="1")
    assert two["forked"] == [] and two["written"]
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


KILLED = """
import datetime as dt, os, signal, sys
import personakit.render.forked as forked
from personakit.errors import WorkspaceError
from personakit.render import render

parent = os.getpid()
real = forked._blocks

def dying(progress=None):
    if os.getpid() != parent:  # a worker: killed as the out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return real(progress)

forked._blocks = dying
try:
    render(sys.argv[1], sys.argv[2], today=dt.date(2026, 11, 24), parallel=True)
except WorkspaceError as exc:
    print(exc.message)
"""


def test_a_killed_render_worker_is_one_error_and_leaves_the_old_site(workspace, tmp_path):
    out = tmp_path / "site"
    run(workspace, out, 2, PERSONAKIT_NO_CACHE="1")
    before = files_of(out)
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, str(workspace), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PERSONAKIT_JOBS": "2", "PERSONAKIT_NO_CACHE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "ended unexpectedly" in proc.stdout
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
