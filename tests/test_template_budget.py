"""A workspace's template overrides run on a budget: a template that loops, recurses or
writes without end (a hostile clone, or a mistake) stops within seconds with one line
naming the template file and line, exit code 2, and nothing written; the built-in
templates stay far inside the budget."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.render import render
from personakit.scaffold import templates
from tests.test_cli import assert_one_line_error
from tests.test_lint_cache import generated

# Each stops on a budget within seconds; without one each runs for hours or exhausts
# memory. The hostile part is on line 2 of the file.
HOSTILE = {
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}x"
    "{% endfor %}{% endfor %}",
    "nested ranges writing nothing": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "nested long strings": "{% for c in 'x' * 99999 %}{% for d in 'y' * 99999 %}"
    "{% endfor %}{% endfor %}",
    "nested long lists": "{% set xs = range(100000)|list %}{% for a in xs %}{% for b in xs %}"
    "{{ b }}{% endfor %}{% endfor %}",
    "a macro calling itself twice": "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}"
    "{% endif %}{% endmacro %}{{ m(60) }}",
    "a recursive loop": "{% for x in [3] * 1000 recursive %}{% if x %}{{ loop([x - 1] * 1000) }}"
    "{% endif %}{% endfor %}",
    "output growing without bound": "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
    "a macro building a huge value": "{% macro m() %}{% for i in range(100000) %}"
    + "y" * 1000
    + "{% endfor %}{% endmacro %}{% for j in range(100000) %}{{ m()|length }}{% endfor %}",
    "a value doubled by ~": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}"
    "{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
    "a value doubled by +": "{% macro d(s, n) %}{% if n %}{{ d(s + s, n - 1) }}{% else %}"
    "{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
    "a loop inside a call block": "{% macro m() %}{% for i in range(100000) %}{{ caller() }}"
    "{% endfor %}{% endmacro %}{% call m() %}{% call m() %}z{% endcall %}{% endcall %}",
}
SECONDS = 30  # far above what each takes (a few seconds at most), far below a hang


def pk_timed(root: Path, *args: str, jobs: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PERSONAKIT_NO_CACHE": "1"}
    if jobs is not None:
        env["PERSONAKIT_JOBS"] = str(jobs)
    return subprocess.run(
        [sys.executable, "-m", "personakit", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env=env,
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_page_template_stops_with_one_line(make_workspace, fmt: str, name: str) -> None:
    override = f"templates/render/{fmt}/persona.{fmt}.j2"
    root = make_workspace({override: "<p>first line</p>\n" + HOSTILE[name] + "\n"})
    proc = pk_timed(root, "render", "--format", fmt)
    assert_one_line_error(proc, f"{override}:2:")
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", ["nested ranges", "output growing without bound"])
def test_a_hostile_template_stops_in_worker_processes_too(make_workspace, name: str) -> None:
    override = "templates/render/html/persona.html.j2"
    root = make_workspace({override: "<p>first line</p>\n" + HOSTILE[name] + "\n"})
    proc = pk_timed(root, "render", jobs=2)
    assert_one_line_error(proc, f"{override}:2:")
    assert not (root / "site").exists()


def test_a_failed_render_leaves_the_old_site_as_it_was(make_workspace) -> None:
    root = make_workspace()
    assert pk_timed(root, "render").returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    override = root / "templates/render/html/index.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<p>first line</p>\n" + HOSTILE["nested ranges"] + "\n")
    proc = pk_timed(root, "render", jobs=2)
    assert_one_line_error(proc, "templates/render/html/index.html.j2:2:")
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("name", ["nested ranges", "a macro calling itself twice"])
def test_new_with_a_hostile_override_writes_nothing(make_workspace, name: str) -> None:
    override = "templates/new/persona.yaml.j2"
    root = make_workspace({override: "name: x\n" + HOSTILE[name] + "\n"})
    proc = pk_timed(root, "new", "persona", "x", "--name", "X", "--role", "R", "--no-input")
    assert_one_line_error(proc, f"{override}:2:")
    assert not (root / "personas" / "x.yaml").exists()


def test_serve_rebuild_thread_stops_a_hostile_template(make_workspace, tmp_path: Path) -> None:
    from personakit.serve.build import Build, build

    root = make_workspace()
    out = tmp_path / "served"
    assert build(root, out, public=False, draft=False).error is None
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    override = root / "templates/render/html/persona.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<p>first line</p>\n" + HOSTILE["nested long strings"] + "\n")
    done: list[Build] = []
    thread = threading.Thread(
        target=lambda: done.append(build(root, out, public=False, draft=False)), daemon=True
    )
    thread.start()
    thread.join(SECONDS)
    assert done, "the rebuild did not stop"
    assert done[0].error is not None
    assert "templates/render/html/persona.html.j2:2:" in done[0].error
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_time_budget_stops_a_loop_of_slow_steps(make_workspace, monkeypatch) -> None:
    # Few steps, each slow: only the clock stops it. A budget of no time at all
    # makes the first look at the clock fail, wherever the machine's speed.
    monkeypatch.setattr(templates, "MAX_SECONDS", 0.0)
    slow = "{% set big = 'ab' * 400000 %}{% for i in range(100000) %}{% if big|upper %}"
    slow += "{% endif %}{% endfor %}"
    root = make_workspace({"templates/render/html/persona.html.j2": "<p>x</p>\n" + slow + "\n"})
    started = time.monotonic()
    with pytest.raises(WorkspaceError) as caught:
        render(root, root.parent / "out", cache=False)
    assert time.monotonic() - started < SECONDS
    assert caught.value.path == "templates/render/html/persona.html.j2"
    assert caught.value.line == 2
    assert "seconds" in caught.value.message
    assert not (root.parent / "out").exists()


def test_the_budget_is_per_page_not_per_render(make_workspace, monkeypatch) -> None:
    # Each page spends a little under the budget: a render of many pages passes.
    monkeypatch.setattr(templates, "MAX_STEPS", 20_000)
    page = "{% for i in range(15000) %}{% endfor %}{{ 1 }}"
    root = make_workspace({"templates/render/html/note.html.j2": page})
    assert render(root, root.parent / "out", cache=False).written


def test_builtin_templates_stay_far_inside_the_budget(tmp_path: Path, monkeypatch) -> None:
    # A tenth of every budget is still enough for every page of a generated workspace,
    # in both formats.
    root = generated(tmp_path)
    monkeypatch.setattr(templates, "MAX_STEPS", templates.MAX_STEPS // 10)
    monkeypatch.setattr(templates, "MAX_OUTPUT", templates.MAX_OUTPUT // 10)
    monkeypatch.setattr(templates, "MAX_SECONDS", templates.MAX_SECONDS / 10)
    for fmt in ("html", "md"):
        assert render(root, tmp_path / fmt, fmt=fmt, cache=False).written


def test_an_honest_loop_renders_as_before(make_workspace, tmp_path: Path) -> None:
    page = (
        "{% for x in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},"
        "{% endif %}{% endfor %}|{% for k, v in {'a': 1}.items() %}{{ k }}{{ v }}{% endfor %}"
        "|{% for x in [] %}x{% else %}empty{% endfor %}|{{ 'a' ~ 'b' }}|{{ 'a' + 'b' }}"
        "|{% for x in [[1, [2]], [3]] recursive %}{% if x is iterable %}{{ loop(x) }}"
        "{% else %}{{ x }}{% endif %}{% endfor %}|{% macro m(a) %}<{{ a }}>{% endmacro %}"
        "{{ m(1) }}|{% macro c() %}[{{ caller() }}]{% endmacro %}{% call c() %}2{% endcall %}"
        "|{{ none }}|{{ 1.5 }}|{{ [1, 'x'] }}"
    )
    root = make_workspace({"templates/render/md/persona.md.j2": page})
    render(root, tmp_path / "md", fmt="md", cache=False)
    text = next((tmp_path / "md").rglob("personas/*.md")).read_text()
    assert text == "1/3,2/3,3/3|a1|empty|ab|ab|123|<1>|[2]|None|1.5|[1, 'x']"


def test_a_workspace_template_extending_a_built_in_one_is_counted_in_its_blocks(
    make_workspace,
) -> None:
    # personakit's own templates are not counted in their loops (a clone cannot change
    # them); a workspace's template that extends one is, in the block it fills.
    override = "templates/render/html/persona.html.j2"
    hostile = HOSTILE["nested ranges"]
    text = (
        '{% extends "render/html/base.html.j2" %}\n{% block main %}' + hostile + "{% endblock %}\n"
    )
    root = make_workspace({override: text})
    proc = pk_timed(root, "render")
    # Stopped by its counted loop turns, not by the time limit an uncounted loop
    # would only meet after ten seconds of calls to `range`.
    assert_one_line_error(proc, f"{override}:2:", "loop turns")
    assert templates._builtin(str(templates.BUILTIN / "render" / "html" / "note.html.j2"))
    assert not templates._builtin(str(root / override))
