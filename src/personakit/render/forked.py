"""Rendering a large site on every core by forking once the site model is built: each
process builds and renders the blocks of pages it takes, so no page is sent from one
process to another. Sending them to the fork server's workers (render/parallel.py)
costs about a third of rendering them: on 10,000 notes, pickling the pages took
0.5 s and unpickling them 2.0 s, against about 6.6 s of rendering.

Used only where forking is safe (forking.py: no other thread, no data engine
loaded), which lint leaves true unless a rule opened a data engine; else the pages go
to the fork server's workers. The output is the same either way, and so is a template
error: the first failing page in page order is reported.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..errors import WorkspaceError
from ..forking import Forked, ProcessDied
from .delta import Kept, kept
from .page import Page
from .parallel import WORKER_DIED, Failure, Reuse, render_one

_BLOCK = 50  # pages per block: small blocks even out pages of different weight

Builder = Callable[[], Page]
# A block's first page index, its pages' paths and keys, its first template failure,
# the files its builders added to the site's assets, and what is kept of its note
# pages (render/delta.py).
Done = tuple[int, list[str], list[str | None], Failure | None, dict[str, str], list[Kept]]


class Share:
    """What every process renders from; set before the workers are forked, so that
    they inherit it instead of being sent a copy. Blocks are taken in turn from one
    shared counter, so a process given heavier pages simply takes fewer blocks."""

    def __init__(
        self,
        root: Path,
        fmt: str,
        staging: Path,
        builders: Sequence[Builder],
        prior_of: Callable[[str], Any],
        reuse: Reuse,
        env: jinja2.Environment,
        assets: dict[str, str],
        keep: list[Kept] | None = None,
    ) -> None:
        self.root, self.fmt, self.staging = root, fmt, staging
        self.keep = keep  # what is kept of note pages, in page order, if anything
        self.assets = assets  # what the builders add files to (a chart of a Markdown page)
        self.builders, self.prior_of, self.reuse, self.env = builders, prior_of, reuse, env
        context = multiprocessing.get_context("fork")
        self.next = context.Value("l", 0)  # the next block to take
        self.done = context.Value("l", 0, lock=False)  # pages done, for the progress shown
        # The first failing page found so far: a block after it cannot hold an earlier
        # one, so none is taken (a template over its budget takes seconds a page).
        self.failed = context.Value("l", len(builders))

    def take(self) -> int | None:
        """The first page of the next block nobody has taken, or None when none is left
        (or every block left starts after a failing page)."""
        with self.next.get_lock():
            start = self.next.value * _BLOCK
            self.next.value += 1
        return start if start < min(len(self.builders), self.failed.value) else None

    def fail(self, index: int) -> None:
        """Page `index` failed: no block after it is taken."""
        with self.failed.get_lock():
            self.failed.value = min(self.failed.value, index)


_share: Share | None = None


def render_forked(
    share: Share, count: int, progress: Callable[[int], None] | None = None
) -> dict[str, str | None]:
    """Build, render and write every page of `share` on `count` processes (this one and
    forked workers): each page's key by path, in page order. Files a builder adds to the
    assets in a worker are added to them here too."""
    global _share
    _share = share
    workers = Forked()
    try:
        numbers = [workers.start(_blocks) for _ in range(count - 1)]
        results = _blocks(progress)
        for number in numbers:
            results.extend(workers.result(number))
    except ProcessDied:
        raise WorkspaceError(WORKER_DIED) from None
    finally:
        _share = None
        workers.stop()
    results.sort(key=lambda block: block[0])
    failures = [block[3] for block in results if block[3] is not None]
    if failures:
        _index, message, path, line = min(failures)
        raise WorkspaceError(message, path, line)
    keys: dict[str, str | None] = {}
    for _start, paths, block_keys, _failure, added, kept_pages in results:
        keys.update(zip(paths, block_keys, strict=True))
        share.assets.update(added)
        if share.keep is not None:
            share.keep.extend(kept_pages)
    if progress is not None:  # the shared count is only shown, and may have lost some
        progress(len(share.builders))
    return keys


def _blocks(progress: Callable[[int], None] | None = None) -> list[Done]:
    """Take blocks and render them until none is left."""
    share = _share
    assert share is not None  # set before the fork
    done: list[Done] = []
    while (start := share.take()) is not None:
        block = _block(share, start)
        done.append(block)
        if block[3] is not None:
            share.fail(block[3][0])
        share.done.value += len(block[2])  # only shown: a lost update is harmless
        if progress is not None:
            progress(share.done.value)
    return done


def _block(share: Share, start: int) -> Done:
    """Build and render the pages of the block at `start`, stopping at the first
    template failure."""
    before = set(share.assets)
    paths: list[str] = []
    keys: list[str | None] = []
    kept_pages: list[Kept] = []
    failure: Failure | None = None
    for index in range(start, min(start + _BLOCK, len(share.builders))):
        page = share.builders[index]()
        if share.keep is not None and (found := kept(page)) is not None:
            kept_pages.append(found)
        try:
            key = render_one(
                share.env,
                share.root,
                share.fmt,
                share.staging,
                page,
                share.prior_of(page.path),
                share.reuse,
            )
        except WorkspaceError as exc:
            failure = (index, exc.message, exc.path, exc.line)
            break
        paths.append(page.path)
        keys.append(key)
    added = {name: share.assets[name] for name in share.assets.keys() - before}
    return start, paths, keys, failure, added, kept_pages
