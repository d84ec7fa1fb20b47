"""Jinja templates: built-in ones in the package's `templates/`, overridden by name by
the files of a workspace's own `templates/` folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import jinja2

BUILTIN = Path(__file__).resolve().parent.parent / "templates"


def yaml_scalar(value: Any) -> str:
    """A value as a YAML scalar, quoted only when it must be (ruamel decides)."""
    from ruamel.yaml import YAML

    if value is None:
        return "null"
    yaml = YAML(typ="rt")
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump({"v": value}, out)
    text = out.getvalue()
    return text[len("v: ") :].rstrip("\n")


def yaml_flow_list(values: Any) -> str:
    """`[a, b]`, each item quoted only when it must be."""
    return "[" + ", ".join(yaml_scalar(v) for v in values or []) + "]"


def environment(workspace_root: Path | None = None) -> jinja2.Environment:
    """Templates of the workspace (if any) first, then the built-in ones."""
    loaders: list[jinja2.BaseLoader] = []
    if workspace_root is not None and (workspace_root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(workspace_root / "templates"))
    loaders.append(jinja2.FileSystemLoader(BUILTIN))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # these templates write YAML and Markdown, not HTML
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["yaml_list"] = yaml_flow_list
    return env


def render(template: str, workspace_root: Path | None = None, /, **context: Any) -> str:
    return environment(workspace_root).get_template(template).render(**context)
