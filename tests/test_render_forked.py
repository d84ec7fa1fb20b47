"""Rendering by forking once the site model is built (render/forked.py): the same bytes
as one process, pages taken over from the last render, a template error in any block
reported as one line for the first failing page, and the fork server's workers used
instead where forking is not safe (a data engine loaded).

Each render runs in a fresh interpreter (a subprocess), as the command does: the test
process itself has imported data engines, which makes forking unsafe in it."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import example_copy
from tests.test_lint_cache import generated
from tests.test_render import files_of
from tests.test_render_incremental import render_with_a_broken_note_template, stats

# Renders ROOT into OUT with the library's parallel rendering, prints how many
# processes rendered by forking each time (none: the fork server's workers or this
# process rendered), and writes to BLOCKS the process id that rendered each block.
SCRIPT = """
import datetime as dt, json, os, sys
import personakit.render.forked as forked
import personakit.render.writer as writer
from personakit.render import render

counts = []
real = writer.render_forked

def spy(*args, **kwargs):
    counts.append(args[1])
    return real(*args, **kwargs)

writer.render_forked = spy
real_block = forked._block

def block(share, start):  # which process built and rendered each block
    with open(sys.argv[3], "a") as blocks:
        blocks.write(f"{os.getpid()}\\n")
    return real_block(share, start)

forked._block = block
result = render(sys.argv[1], sys.argv[2], today=dt.date(2026, 11, 24), parallel=True)
print(json.dumps({"forked": counts, "pages": result.pages, "written": result.written}))
"""


def python(script: str, *args: object, jobs: int = 2, **env: str) -> str:
    """What `script` printed, run in a fresh interpreter with `args` and the number of
    processes `jobs`; it must succeed."""
    proc = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PERSONAKIT_JOBS": str(jobs), **env},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def run(root: Path, out: Path, jobs: int, **env: str) -> dict:
    blocks = out.with_name(out.name + "-blocks.txt")
    blocks.unlink(missing_ok=True)
    answer = json.loads(python(SCRIPT, root, out, blocks, jobs=jobs, **env))
    answer["processes"] = len(set(blocks.read_text().split())) if blocks.exists() else 0
    return answer


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    return generated(tmp_path)  # 200 notes, no data tables: lint opens no data engine


def test_forked_processes_render_the_same_bytes_as_one(workspace, tmp_path):
    one = run(workspace, tmp_path / "one", 1, PERSONAKIT_NO_CACHE="1")
    two = run(workspace, tmp_path / "two", 2, PERSONAKIT_NO_CACHE="1")
    three = run(workspace, tmp_path / "three", 3, PERSONAKIT_NO_CACHE="1")
    assert one["forked"] == [] and two["forked"] == [2] and three["forked"] == [3]
    assert (one["processes"], two["processes"], three["processes"]) == (0, 2, 3)
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
    render_with_a_broken_note_template(workspace, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_with_a_data_engine_loaded_the_fork_servers_workers_render(tmp_path):
    root = example_copy(tmp_path / "ws")  # lint opens DuckDB for its segments
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
    said = python(KILLED, workspace, out, PERSONAKIT_NO_CACHE="1")
    assert "ended unexpectedly" in said
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


# The fork server's workers (a data engine is loaded), killed while the first chunk
# handed over is theirs: the render must end, not wait for its result forever (as a
# multiprocessing pool did).
KILLED_SERVED = """
import datetime as dt, multiprocessing, os, signal, sys, time
import personakit.render.parallel as parallel
from personakit.errors import WorkspaceError
from personakit.render import render

real = parallel.PageRenderer._hand_over

def hand_over(self, workers, count=None):
    real(self, workers, count)
    time.sleep(0.2)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)

parallel.PageRenderer._hand_over = hand_over
if __name__ == "__main__":
    try:
        render(sys.argv[1], sys.argv[2], today=dt.date(2026, 11, 24), parallel=True)
    except WorkspaceError as exc:
        print(exc.message)
    print(len(multiprocessing.active_children()))
"""


def test_a_killed_fork_server_worker_is_one_error_and_leaves_the_old_site(tmp_path):
    root = example_copy(tmp_path / "ws")  # lint opens DuckDB: the fork server's workers
    out = tmp_path / "site"
    assert run(root, out, 2, PERSONAKIT_NO_CACHE="1")["forked"] == []
    before = files_of(out)
    said = python(KILLED_SERVED, root, out, PERSONAKIT_NO_CACHE="1").splitlines()
    assert "ended unexpectedly" in said[0] and said[1:] == ["0"]
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


# The command line, with the forked renderer watched: each call's process count is
# written to the file named by the first argument.
IN_A_TERMINAL = """
import sys
import personakit.render.writer as writer

real = writer.render_forked
record = sys.argv[1]

def spy(*args, **kwargs):
    with open(record, "a") as seen:
        seen.write(f"{args[1]}\\n")
    return real(*args, **kwargs)

writer.render_forked = spy
sys.argv = ["personakit", *sys.argv[2:]]
from personakit.cli import main
main()
"""


def test_in_a_terminal_the_progress_bar_leaves_render_free_to_fork(workspace, tmp_path):
    seen = tmp_path / "seen.txt"
    out = tmp_path / "site"
    command = [sys.executable, "-c", IN_A_TERMINAL, str(seen), "--root", str(workspace)]
    controller, terminal = os.openpty()
    shown = bytearray()

    def drain() -> None:  # the terminal's buffer must not fill up and stop the command
        with contextlib.suppress(OSError):
            while chunk := os.read(controller, 65536):
                shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            [*command, "render", "--out", str(out)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=300,
            env={**os.environ, "PERSONAKIT_JOBS": "2", "PERSONAKIT_NO_CACHE": "1"},
        )
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    assert proc.returncode == 0, bytes(shown)[-500:]
    assert seen.read_text().split() == ["2"]
    assert (out / "index.html").exists()


# Renders ROOT's site into OUT through forked processes with builders that each add a
# file to the site's assets, as a Markdown page's chart does.
ASSETS = """
import datetime as dt, functools, sys
from pathlib import Path
from personakit.linter import lint
from personakit.render.figures import compute_figures
from personakit.render.pages import build_site, site_builders
from personakit.render.writer import render_pages

result = lint(sys.argv[1], today=dt.date(2026, 11, 24))
site = build_site(result.session, result.findings, compute_figures(result.session), ext=".html")

def charted(number, build):
    site.assets[f"charts/{number}.svg"] = f"<svg>{number}</svg>"
    return build()

builders = [functools.partial(charted, n, b) for n, b in enumerate(site_builders(site))]
print(render_pages(result.workspace.root, (), "html", Path(sys.argv[2]), assets=site.assets,
                   parallel=True, builders=builders))
"""


def test_files_a_forked_builder_adds_to_the_assets_are_written(workspace, tmp_path):
    out = tmp_path / "site"
    pages = int(python(ASSETS, workspace, out, PERSONAKIT_NO_CACHE="1"))
    charts = sorted((out / "charts").iterdir())
    assert len(charts) == pages > 200
    assert (out / "charts" / f"{pages - 1}.svg").read_text() == f"<svg>{pages - 1}</svg>"
