"""Rendering many pages on every core: markdown-it and Jinja are pure Python, so a
large site is split into chunks rendered and written by worker processes.

Workers start from a fork server that has already imported the templating code, and
never from a fork of the main process, which may hold a data engine's threads. A
small site is rendered in this process: starting workers would cost more than it saves.
The command line renders on every core by default; a program calling the library does
so only when it asks (`render(parallel=True)` or `PERSONAKIT_JOBS`), because worker
processes import the program's main module, which must then guard its own start.
The output is the same either way; a template error is reported for the first failing
page in page order, as a sequential render would.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

import jinja2

from ..errors import WorkspaceError
from .output import write_file
from .pages import Page
from .templating import render_page, site_environment

JOBS_ENV = "PERSONAKIT_JOBS"
PARALLEL_MIN = 400  # pages to render before workers pay for their start-up
_CHUNKS_PER_JOB = 4  # smaller chunks even out pages of different weight

Failure = tuple[int, str, str | None, int | None]  # page index, message, path, line


def jobs(auto: bool = True) -> tuple[int, bool]:
    """How many processes may render, and whether the user chose it (`PERSONAKIT_JOBS`);
    without a choice, every core when `auto`, else one."""
    chosen = os.environ.get(JOBS_ENV, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return min(int(chosen), 64), True
    if not auto:
        return 1, False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(cores, 1), False


def render_into(
    root: Path,
    fmt: str,
    staging: Path,
    pages: list[Page],
    progress: Callable[[int], None] | None = None,
    auto: bool = True,
) -> None:
    """Render `pages` into files under `staging`, in parallel when that pays (`auto`) or
    when PERSONAKIT_JOBS asks for it."""
    count, chosen = jobs(auto)
    if count < 2 or not pages or (not chosen and len(pages) < PARALLEL_MIN):
        env = site_environment(root, fmt)
        failure = _render_chunk(str(root), fmt, str(staging), 0, pages, progress, env)
        if failure is not None:
            _raise(failure)
        return
    size = max(1, -(-len(pages) // (count * _CHUNKS_PER_JOB)))
    chunks = [(start, pages[start : start + size]) for start in range(0, len(pages), size)]
    failures: list[Failure] = []
    done = 0
    jobs_args = [(str(root), fmt, str(staging), start, chunk) for start, chunk in chunks]
    pool = _context().Pool(processes=count)
    try:
        for rendered, failure in pool.imap_unordered(_run_chunk, jobs_args):
            if failure is not None:
                failures.append(failure)
            done += rendered
            if progress is not None:
                progress(done)
        pool.close()
    finally:
        # Ctrl-C, SIGTERM or an error: stop the workers now, before the staging folder
        # they write into is removed.
        pool.terminate()
        pool.join()
    if failures:
        _raise(min(failures))


def _run_chunk(args: tuple[str, str, str, int, list[Page]]) -> tuple[int, Failure | None]:
    root, fmt, staging, start, pages = args
    return len(pages), _render_chunk(root, fmt, staging, start, pages)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


# One environment per worker process (a worker lives for one render).
_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}


def _render_chunk(
    root: str,
    fmt: str,
    staging: str,
    start: int,
    pages: list[Page],
    progress: Callable[[int], None] | None = None,
    env: jinja2.Environment | None = None,
) -> Failure | None:
    """Render and write `pages` (the first is page number `start`); the first template
    failure stops the chunk and is returned, as plain values that cross processes."""
    if env is None:
        key = (root, fmt)
        if key not in _ENVIRONMENTS:
            _ENVIRONMENTS[key] = site_environment(Path(root), fmt)
        env = _ENVIRONMENTS[key]
    for offset, page in enumerate(pages):
        try:
            html = render_page(env, Path(root), fmt, page)
        except WorkspaceError as exc:
            return (start + offset, exc.message, exc.path, exc.line)
        write_file(Path(staging), page.path, html)
        if progress is not None:
            progress(start + offset + 1)
    return None


def _raise(failure: Failure) -> None:
    _index, message, path, line = failure
    raise WorkspaceError(message, path, line)
