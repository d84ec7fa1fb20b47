"""Pages → files, through the (sandboxed) Jinja templates of one format."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..errors import WorkspaceError
from ..forking import fork_is_safe, jobs
from ..scaffold.templates import BUILTIN, read_override
from .delta import Kept, kept
from .forked import Share, render_forked
from .incremental import Previous, fingerprint
from .output import staged_site, write_file
from .page import Page
from .parallel import PARALLEL_MIN, PageRenderer
from .templating import site_environment

STATIC = ("style.css",)


def static_file(root: Path, name: str) -> bytes:
    """A static asset of the HTML site: the workspace's override (read only if it stays
    inside the workspace) or the built-in one."""
    rel = f"render/html/{name}"
    data = read_override(root, rel)
    if data is None:
        return (BUILTIN / rel).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkspaceError("is not UTF-8 text", f"templates/{rel}") from None
    return data


def render_pages(
    root: Path,
    pages: Iterable[Page],
    fmt: str,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    assets: dict[str, str] | None = None,
    cache: Cache | None = None,
    parallel: bool = False,
    *,
    total: int | None = None,
    builders: Sequence[Callable[[], Page]] | None = None,
    keep: list[Kept] | None = None,
) -> int:
    """Render every page into a staging folder and swap it in whole: a template error
    leaves the old site as it was. With a `cache`, a page whose inputs did not change
    since the last render into `out` is taken over from it instead of rendered again.

    `pages` may be a generator (then `total` says how many it yields): each page is
    handed to the renderer as soon as it is built, so workers render while later pages
    are still being built. `assets` is read once every page is built. With `builders` (what
    builds each page, pages/__init__.py) instead of `pages`, a large site is built and
    rendered by forked processes where that is safe (render/forked.py). With `keep`, what
    rebuilds each note page after a prose edit is added to it (render/delta.py)."""
    if builders is not None:
        total = len(builders)
        pages = (build() for build in builders)
    if total is None:
        pages = list(pages)
        total = len(pages)
    # Without a cache to record them in, no page key is computed.
    print_ = fingerprint(root, fmt) if cache is not None and cache.enabled else None
    with staged_site(out) as staging:
        previous = Previous(cache, Path(os.path.abspath(out)), fmt) if cache else None
        reuse = (print_, str(previous.out)) if previous is not None and print_ else None

        def report(done: int) -> None:
            if progress is not None:
                progress(done, total)

        def prior_of(rel: str) -> Any:
            return previous.entry(rel) if previous and reuse else None

        count = forks(builders, parallel)
        if builders is not None and count > 1:
            env = site_environment(root, fmt)
            if assets is None:
                assets = {}
            share = Share(root, fmt, staging, builders, prior_of, reuse, env, assets, keep)
            keys = render_forked(share, count, report)
        else:
            renderer = PageRenderer(root, fmt, staging, total, report, parallel, reuse)
            try:
                for page in pages:
                    if keep is not None and (found := kept(page)) is not None:
                        keep.append(found)
                    renderer.add(page, prior_of(page.path))
                renderer.finish()
            finally:
                renderer.close()
            keys = renderer.keys
        others: dict[str, str | bytes] = {}
        if fmt == "html":
            others.update({name: static_file(root, name) for name in STATIC})
        others.update(assets or {})
        for rel, content in sorted(others.items()):
            if previous is not None and previous.same_bytes(rel, content, staging):
                continue
            write_file(staging, rel, content)
        if previous is not None:
            previous.record(keys, staging)
    return total


def forks(builders: Sequence[Callable[[], Page]] | None, auto: bool) -> int:
    """How many processes build and render the pages by forking (render/forked.py); 1
    when pages are not given as builders, when one process renders (forking.jobs), for
    a small site, or where forking is not safe now."""
    if builders is None:
        return 1
    count, chosen = jobs(auto)
    if count < 2 or (not chosen and len(builders) < PARALLEL_MIN) or not fork_is_safe():
        return 1
    return count
