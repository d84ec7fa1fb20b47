"""Pages → files, through the (sandboxed) Jinja templates of one format."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..cache import Cache
from ..errors import WorkspaceError
from ..scaffold.templates import BUILTIN, read_override
from .incremental import Previous, fingerprint, page_key
from .output import staged_site, write_file
from .pages import Page
from .parallel import PageRenderer

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
    context: multiprocessing.context.BaseContext | None = None,
) -> int:
    """Render every page into a staging folder and swap it in whole: a template error
    leaves the old site as it was. With a `cache`, a page whose inputs did not change
    since the last render into `out` is taken over from it instead of rendered again.

    `pages` may be a generator (then `total` says how many it yields): each page is
    handed to the renderer as soon as it is built, so workers render while later pages
    are still being built. `assets` is read once every page is built. `context` is a
    worker start method already prepared (parallel.prestart)."""
    if total is None:
        pages = list(pages)
        total = len(pages)
    print_ = fingerprint(root, fmt) if cache is not None else None
    keys: dict[str, str | None] = {}
    with staged_site(out) as staging:
        previous = Previous(cache, Path(os.path.abspath(out)), fmt) if cache else None
        kept = 0
        rendered = 0

        def report() -> None:
            if progress is not None:
                progress(kept + rendered, total)

        def on_rendered(done: int) -> None:
            nonlocal rendered
            rendered = done
            report()

        renderer = PageRenderer(root, fmt, staging, total, on_rendered, parallel, context)
        try:
            for page in pages:
                key = keys[page.path] = page_key(print_, page)
                if previous is not None and previous.take_over(page.path, key, staging):
                    kept += 1
                    if kept % 500 == 0:
                        report()
                else:
                    renderer.add(page)
            if kept:
                report()
            renderer.finish()
        finally:
            renderer.close()
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
