"""Pages → files, through the Jinja templates of one format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from ..scaffold.templates import BUILTIN, environment
from .output import write_site
from .pages import Page
from .text import markdown_to_html, md_body, md_cell, md_escape, md_url

STATIC = ("style.css",)


def _env(root: Path, fmt: str) -> jinja2.Environment:
    env = environment(root)
    if fmt == "html":
        env.autoescape = True
        env.filters["markdown"] = markdown_to_html
    else:
        env.filters["md"] = md_escape
        env.filters["cell"] = md_cell
        env.filters["url"] = md_url
        env.filters["body"] = md_body
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


def render_pages(
    root: Path,
    pages: list[Page],
    fmt: str,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    assets: dict[str, str] | None = None,
) -> int:
    env = _env(root, fmt)
    files: dict[str, str | bytes] = {}
    for i, page in enumerate(pages, start=1):
        template = env.get_template(f"render/{fmt}/{page.template}.{fmt}.j2")
        files[page.path] = template.render(**page.context)
        if progress is not None:
            progress(i, len(pages))
    if fmt == "html":
        for name in STATIC:
            override = root / "templates" / "render" / "html" / name
            source = override if override.is_file() else BUILTIN / "render" / "html" / name
            files[name] = source.read_text(encoding="utf-8")
    files.update(assets or {})
    write_site(out, files)
    return len(pages)
