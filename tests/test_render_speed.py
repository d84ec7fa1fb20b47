"""Render's speed work keeps its answers: pages handed to workers while later ones are
built, the fork server started before lint, the collector paused while the site model
is built, and the faster template lookups answering as the sandbox does."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import jinja2
import pytest

from personakit.errors import WorkspaceError
from personakit.render import parallel, render
from personakit.render.templating import site_environment
from personakit.scaffold.templates import environment, run_template
from tests.test_cli import REPO
from tests.test_render import TODAY, files_of
from tests.test_render_incremental import workspace  # noqa: F401  (fixture)


def _site(root: Path, fmt: str = "html"):
    from personakit.linter import lint
    from personakit.render.figures import compute_figures
    from personakit.render.pages import build_site, site_pages

    result = lint(root, today=TODAY, notes_cache=False)
    site = build_site(
        result.session, result.findings, compute_figures(result.session), ext=f".{fmt}"
    )
    return site, site_pages(site)


def test_pages_are_handed_to_workers_while_later_ones_are_built(
    workspace,  # noqa: F811
    tmp_path,
    monkeypatch,
) -> None:
    from personakit.render.writer import render_pages

    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")
    monkeypatch.setenv("PERSONAKIT_JOBS", "2")
    monkeypatch.setattr(parallel, "_CHUNK_MAX", 3)
    site, pages = _site(workspace)
    handed: list[int] = []
    real = parallel.PageRenderer._hand_over

    def spy(self, *args):
        real(self, *args)
        handed.append(self.start)

    monkeypatch.setattr(parallel.PageRenderer, "_hand_over", spy)
    seen: list[int] = []

    def built():
        for page in pages:
            seen.append(len(handed))  # chunks already with the workers
            yield page

    out = tmp_path / "streamed"
    render_pages(workspace, built(), "html", out, assets=site.assets, total=len(pages))
    assert seen[-1] >= 3  # most chunks went out before the last page was built
    assert handed[-1] == len(pages)
    render(workspace, tmp_path / "whole", today=TODAY, cache=False)
    assert files_of(out) == files_of(tmp_path / "whole")


def test_lint_inside_render_may_still_fork_its_note_readers(
    workspace,  # noqa: F811
    tmp_path,
    monkeypatch,
) -> None:
    import personakit.linter

    monkeypatch.setenv("PERSONAKIT_JOBS", "2")
    events: list[str] = []
    real_lint = personakit.linter.lint

    def lint(*args, **kwargs):
        # lint forks its note readers only while no other thread runs
        events.append(f"lint with {threading.active_count()} thread(s)")
        return real_lint(*args, **kwargs)

    monkeypatch.setattr(personakit.linter, "lint", lint)
    before = threading.active_count()  # other tests of the run may have left threads
    render(workspace, tmp_path / "site", today=TODAY, cache=False)
    assert events == [f"lint with {before} thread(s)"]


def test_the_site_model_is_built_with_the_collector_paused(
    workspace,  # noqa: F811
    tmp_path,
    monkeypatch,
) -> None:
    from personakit.render import pages

    states: list[bool] = []
    real = pages.note_page

    def note_page(*args, **kwargs):
        states.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "note_page", note_page)
    gc.enable()
    render(workspace, tmp_path / "site", today=TODAY, cache=False)
    assert states and not any(states)
    assert gc.isenabled()  # and on again afterwards


CONTEXT = {
    "d": {"title": "T", "items": "an item named items", "get": 1},
    "n": {"nested": {"href": "x.html"}},
}


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.title }}|{{ n.nested.href }}",
        "{{ d['items'] }}|{{ d['get'] }}",
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
        "{{ d.get('title') }}|{{ d.get('nothing', 'default') }}",
        "{{ d.missing is defined }}|{{ d.title is defined }}",
        "{{ d.keys() | list }}",
    ],
)
def test_dict_lookups_answer_as_the_sandbox_does(tmp_path, source):
    def run(env: jinja2.Environment) -> str:
        return env.from_string(source).render(**CONTEXT)

    assert run(site_environment(tmp_path, "html")) == run(environment(tmp_path, html=True))


@pytest.mark.parametrize(
    "source",
    ["{{ d.missing }}", "{{ d.__class__ }}", "{{ d.update({'x': 1}) }}", "{{ d.pop('title') }}"],
)
def test_dict_lookups_still_refuse_what_the_sandbox_refuses(tmp_path, source):
    template = tmp_path / "templates" / "render" / "html" / "probe.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(source)
    for env in (site_environment(tmp_path, "html"), environment(tmp_path, html=True)):
        with pytest.raises(WorkspaceError) as caught:
            run_template(env, "render/html/probe.html.j2", CONTEXT, tmp_path)
        assert caught.value.path == "templates/render/html/probe.html.j2"


def test_the_example_site_is_the_same_through_the_plain_sandbox(tmp_path, monkeypatch):
    from personakit.render import templating

    render(REPO, tmp_path / "fast", today=TODAY, cache=False)
    monkeypatch.setattr(
        templating, "_getattr", lambda env, obj, attribute: type(env).getattr(env, obj, attribute)
    )
    render(REPO, tmp_path / "plain", today=TODAY, cache=False)
    assert files_of(tmp_path / "fast") == files_of(tmp_path / "plain")
