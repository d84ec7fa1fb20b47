"""Rendering many pages on every core: markdown-it and Jinja are pure Python, so a
large site is split into chunks rendered and written by worker processes. This is the
way where forking is not safe (render/forked.py is the way where it is).

Workers start from a fork server that imports the templating code, and never from a
fork of the main process, which may hold a data engine's threads. The server starts
when the first chunk is ready, while the command goes on building pages. A small site
is rendered in this process: starting workers would cost more than it saves.
The command line renders on every core by default; a program calling the library does
so only when it asks (`render(parallel=True)` or `PERSONAKIT_JOBS`), because worker
processes import the program's main module, which must then guard its own start.
The output is the same either way; a template error is reported for the first failing
page in page order, as a sequential render would. Each worker is sent its chunks
through a pipe of its own (forking.Workers), so a worker that dies (killed, out of
memory) ends the render with one line and the old site left as it was, never with a
wait forever.

Whoever renders a page also computes its key and takes it over from the last render
when the key and the old file allow (render/incremental.py): the process building the
pages is the slowest part of a large render, so it only builds them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from ..errors import WorkspaceError
from ..forking import ProcessDied, Workers, jobs
from .incremental import page_key, take_over
from .output import write_file
from .page import Page
from .templating import render_page, site_environment

WORKER_DIED = (
    "a process rendering pages ended unexpectedly (killed, or out of memory); "
    "the site was left as it was"
)
PARALLEL_MIN = 400  # pages to render before workers pay for their start-up
_CHUNKS_PER_JOB = 4  # smaller chunks even out pages of different weight
_CHUNK_MAX = 200  # pages per chunk at most

Failure = tuple[int, str, str | None, int | None]  # page index, message, path, line
# What taking pages over from the last render needs: the format's fingerprint and the
# last site's folder (render/incremental.py); None: render every page, keep no key.
Reuse = tuple[str, str] | None
# A chunk: root, format, staging folder, index of its first page, its pages, and what
# the last render recorded for each.
Chunk = tuple[str, str, str, int, list[Page], list[Any], Reuse]


class PageRenderer:
    """Renders pages as they are handed over (`add`), while the next ones are built:
    in this process, or, once enough pages wait to be rendered, in chunks by worker
    processes. `finish` waits for every page and raises the first failure in order."""

    def __init__(
        self,
        root: Path,
        fmt: str,
        staging: Path,
        total: int,
        progress: Callable[[int], None] | None = None,
        auto: bool = True,
        reuse: Reuse = None,
    ) -> None:
        self.root, self.fmt, self.staging = root, fmt, staging
        self.progress = progress
        self.reuse = reuse
        self.count, self.chosen = jobs(auto)
        # Small chunks: they are handed over while the site is still being built, and
        # even out pages of different weight.
        self.size = max(1, min(_CHUNK_MAX, total // max(1, self.count * _CHUNKS_PER_JOB)))
        self.pending: list[Page] = []
        self.priors: list[Any] = []  # what the last render recorded of each pending page
        self.start = 0  # index of the first pending page among the pages to render
        self.done = 0
        self.paths: list[str] = []  # every page's path, in order
        self.keys: dict[str, str | None] = {}  # each page's key, once it is done
        self.workers: Workers | None = None
        self.failures: list[Failure] = []

    def _wanted(self) -> bool:
        if self.count < 2:
            return False
        return self.chosen or self.start + len(self.pending) >= PARALLEL_MIN

    def add(self, page: Page, prior: Any = None) -> None:
        """Render `page` (now, or once its chunk is full), or take it over from the last
        render, which recorded `prior` for it."""
        self.pending.append(page)
        self.priors.append(prior)
        self.paths.append(page.path)
        if self.workers is None and self._wanted():
            with _lost_worker():
                self.workers = Workers(_context(), self.count, _render_chunk)
        if self.workers is not None:
            with _lost_worker():
                # The pages pending when the workers start go in chunks too, so that
                # every worker has some from the start. Once a page failed, no more
                # are handed over: every page before it already was, and a later one
                # cannot fail first (a template over its budget takes seconds a page).
                while len(self.pending) >= self.size and not self.failures:
                    self._hand_over(self.workers, self.size)
                self._collect(self.workers, wait_all=False)

    def _hand_over(self, workers: Workers, count: int | None = None) -> None:
        if self.pending and not self.failures:
            workers.submit(self._chunk(count))

    def _chunk(self, count: int | None = None) -> Chunk:
        """The first `count` pending pages (every one by default) as a chunk; they are
        no longer pending afterwards."""
        count = len(self.pending) if count is None else count
        chunk = (
            str(self.root),
            self.fmt,
            str(self.staging),
            self.start,
            self.pending[:count],
            self.priors[:count],
            self.reuse,
        )
        self.start += count
        del self.pending[:count], self.priors[:count]
        return chunk

    def _collect(self, workers: Workers, wait_all: bool) -> None:
        for start, keys, failure in workers.results(wait_all):
            self._done(start, keys, failure)

    def _done(self, start: int, keys: list[str | None], failure: Failure | None) -> None:
        if failure is not None:
            self.failures.append(failure)
        self.keys.update(zip(self.paths[start : start + len(keys)], keys, strict=True))
        self.done += len(keys)
        if self.progress is not None:
            self.progress(self.done)

    def finish(self) -> None:
        """Render what is left and wait for the workers; a template failure of the
        first failing page (in page order) is raised as a WorkspaceError."""
        if self.workers is None:
            env = site_environment(self.root, self.fmt)
            self._done(*_render_chunk(self._chunk(), self.progress, env))
            if self.failures:
                _raise(self.failures[0])
            return
        with _lost_worker():
            self._hand_over(self.workers)
            self._collect(self.workers, wait_all=True)
        if self.failures:
            _raise(min(self.failures))

    def close(self) -> None:
        """Stop the workers now (also on Ctrl-C, SIGTERM or an error), before the staging
        folder they write into is removed."""
        if self.workers is not None:
            self.workers.stop()
            self.workers = None


@contextlib.contextmanager
def _lost_worker() -> Iterator[None]:
    try:
        yield
    except ProcessDied:
        raise WorkspaceError(WORKER_DIED) from None


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


# One environment per worker process (a worker lives for one render).
_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}


def _render_chunk(
    chunk: Chunk,
    progress: Callable[[int], None] | None = None,
    env: jinja2.Environment | None = None,
) -> tuple[int, list[str | None], Failure | None]:
    """Take over or render and write the chunk's pages: its first page's index, each
    page's key, and the first template failure (which stops the chunk), as plain values
    that cross processes."""
    root, fmt, staging, start, pages, priors, reuse = chunk
    if env is None:
        if (root, fmt) not in _ENVIRONMENTS:
            _ENVIRONMENTS[root, fmt] = site_environment(Path(root), fmt)
        env = _ENVIRONMENTS[root, fmt]
    keys: list[str | None] = []
    for offset, (page, prior) in enumerate(zip(pages, priors, strict=True)):
        try:
            keys.append(render_one(env, Path(root), fmt, Path(staging), page, prior, reuse))
        except WorkspaceError as exc:
            return start, keys, (start + offset, exc.message, exc.path, exc.line)
        if progress is not None:
            progress(start + offset + 1)
    return start, keys, None


def render_one(
    env: jinja2.Environment,
    root: Path,
    fmt: str,
    staging: Path,
    page: Page,
    prior: Any,
    reuse: Reuse,
) -> str | None:
    """Take `page` over from the last render (which recorded `prior` for it) or render
    and write it; its key. A template failure raises WorkspaceError."""
    key = page_key(reuse[0], page) if reuse is not None else None
    if reuse is None or not take_over(Path(reuse[1]), page.path, key, prior, staging):
        write_file(staging, page.path, render_page(env, root, fmt, page))
    return key


def _raise(failure: Failure) -> None:
    _index, message, path, line = failure
    raise WorkspaceError(message, path, line)
