"""Pages → files, through the (sandboxed) Jinja templates of one format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from ..errors import WorkspaceError
from ..scaffold.templates import BUILTIN, environment, read_override, run_template
from .output import write_site
from .pages import Page
from .text import markdown_to_html, md_body, md_cell, md_escape, md_url

STATIC = ("style.css",)


def _env(root: Path, fmt: str) -> jinja2.Environment:
    env = environment(root, html=fmt == "html")
    if fmt == "html":
        env.filters["markdown"] = markdown_to_html
    else:
        env.filters["md"] = md_escape
        env.filters["cell"] = md_cell
        env.filters["url"] = md_url
        env.filters["body"] = md_body
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


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
) -> int:
    """Render every page in memory, then write the site in one swap: a template error
    leaves the old site as it was."""
    env = _env(root, fmt)
    files: dict[str, str | bytes] = {}
    for i, page in enumerate(pages, start=1):
        name = f"render/{fmt}/{page.template}.{fmt}.j2"
        files[page.path] = run_template(env, name, page.context, root)
        if progress is not None:
            progress(i, len(pages))
    if fmt == "html":
        for name in STATIC:
            files[name] = static_file(root, name)
    files.update(assets or {})
    write_site(out, files)
    return len(pages)
