"""The Jinja environment of one output format, and one page through it."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import jinja2

from ..scaffold.templates import environment, run_template
from .page import Page
from .text import markdown_to_html, md_body, md_cell, md_escape, md_url, quote_slots

# The names a plain dict has as attributes; any other `x.name` on a dict is its item.
_DICT_ATTRIBUTES = frozenset(dir(dict))


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
    # A render reads each template once: no stat of its file before every page.
    env.auto_reload = False
    # Page contexts are plain dicts, read as `note.title` thousands of times a page:
    # the sandbox's lookup tries the attribute first and fails with an exception each
    # time. This one answers the same, item first where a dict has no such attribute.
    env.getattr = types.MethodType(_getattr, env)  # type: ignore[method-assign]
    return env


def _getattr(env: jinja2.Environment, obj: Any, attribute: str) -> Any:
    """The sandbox's `obj.attribute`, the same answer sooner for a plain dict's items."""
    if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
        try:
            return obj[attribute]
        except KeyError:
            return env.undefined(obj=obj, name=attribute)
    return type(env).getattr(env, obj, attribute)


def render_page(env: jinja2.Environment, root: Path, fmt: str, page: Page) -> str:
    """`page` through its template; a template failure is a WorkspaceError naming it."""
    return run_template(env, f"render/{fmt}/{page.template}.{fmt}.j2", page.context, root)
