"""Pages → files, through the (sandboxed) Jinja templates of one format."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..cache import Cache
from ..errors import WorkspaceError
from ..scaffold.templates import BUILTIN, read_override
from .incremental import Previous, fingerprint, page_key
from .output import staged_site, write_file
from .pages import Page
from .parallel import render_into

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
    pages: list[Page],
    fmt: str,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    assets: dict[str, str] | None = None,
    cache: Cache | None = None,
    parallel: bool = False,
) -> int:
    """Render every page into a staging folder and swap it in whole: a template error
    leaves the old site as it was. With a `cache`, a page whose inputs did not change
    since the last render into `out` is taken over from it instead of rendered again."""
    total = len(pages)
    print_ = fingerprint(root, fmt) if cache is not None else None
    keys = {page.path: page_key(print_, page) for page in pages}
    with staged_site(out) as staging:
        previous = Previous(cache, Path(os.path.abspath(out)), fmt) if cache else None
        todo = [
            page
            for page in pages
            if previous is None or not previous.take_over(page.path, keys[page.path], staging)
        ]
        kept = total - len(todo)
        if progress is not None and kept:
            progress(kept, total)

        def rendered(done: int) -> None:
            if progress is not None:
                progress(kept + done, total)

        render_into(root, fmt, staging, todo, rendered, auto=parallel)
        others: dict[str, str | bytes] = {}
        if fmt == "html":
            others.update({name: static_file(root, name) for name in STATIC})
        others.update(assets or {})
        for rel, content in sorted(others.items()):
            if previous is None or not previous.same_bytes(rel, content, staging):
                write_file(staging, rel, content)
        if previous is not None:
            previous.record(keys, staging)
    return total
