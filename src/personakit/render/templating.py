"""The Jinja environment of one output format, and one page through it."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..scaffold.templates import environment, run_template
from .pages import Page
from .text import markdown_to_html, md_body, md_cell, md_escape, md_url, quote_slots


def site_environment(root: Path, fmt: str) -> jinja2.Environment:
    """The sandboxed environment for `fmt` ("html" or "md"), with its filters."""
    env = environment(root, html=fmt == "html")
    if fmt == "html":
        env.filters["markdown"] = markdown_to_html
        env.filters["quote_slots"] = quote_slots
    else:
        env.filters["md"] = md_escape
        env.filters["cell"] = md_cell
        env.filters["url"] = md_url
        env.filters["body"] = md_body
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


def render_page(env: jinja2.Environment, root: Path, fmt: str, page: Page) -> str:
    """`page` through its template; a template failure is a WorkspaceError naming it."""
    return run_template(env, f"render/{fmt}/{page.template}.{fmt}.j2", page.context, root)
