"""Jinja templates: built-in ones in the package's `templates/`, overridden by name by
the files of a workspace's own `templates/` folder.

A cloned workspace's templates are untrusted code. They run in Jinja's immutable
sandbox (no attributes starting with `_`, no access to functions' globals, no
mutation of the values they are given), a template file is read only if its real path
stays inside the workspace, and anything that goes wrong in a template (a syntax
error, an undefined name, a missing include, endless recursion, a sandbox refusal, a
file that is not UTF-8 text) is a WorkspaceError naming the template file and line.
"""

from __future__ import annotations

import io
import operator
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import WorkspaceError
from ..fs import contained, is_inside

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
OVERRIDES = "templates"
# Strings and lists a template may build by `*` or `**`: enough for any layout, too
# little to exhaust memory.
MAX_SIZE = 1_000_000


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


def read_override(root: Path | None, name: str) -> bytes | None:
    """The bytes of `templates/NAME` in the workspace, or None if it has none.

    A file (or a `templates/` folder) that is a symbolic link pointing out of the
    workspace is refused, never read.
    """
    if root is None:
        return None
    try:
        pieces = split_template_path(name)
    except jinja2.TemplateNotFound:
        raise WorkspaceError("is not a path inside templates/", f"{OVERRIDES}/{name}") from None
    path = Path(root, OVERRIDES, *pieces)
    shown = "/".join((OVERRIDES, *pieces))
    if not os.path.lexists(path):
        return None
    real = contained(root, path, shown)
    if not real.is_file():
        raise WorkspaceError("is not a regular file", shown)
    try:
        return real.read_bytes()
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None


def _decode(data: bytes, shown: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WorkspaceError("is not UTF-8 text; templates must be", shown, line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise WorkspaceError("holds a NUL byte: a binary file, not a template", shown, line)
    return text


class _WorkspaceLoader(jinja2.BaseLoader):
    """Templates of a workspace's `templates/` folder, never through a link out of it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        data = read_override(self.root, template)
        if data is None:
            raise jinja2.TemplateNotFound(template)
        filename = os.path.join(self.root, OVERRIDES, *split_template_path(template))
        source = _decode(data, _shown(self.root, filename))
        return source, filename, lambda: False


def _checked_binop(env: Sandbox, op: str, left: Any, right: Any) -> Any:
    if op == "**" and isinstance(right, int) and abs(right) > 64:
        raise SecurityError("the power is too large for a template")
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
            if sized and len(seq) * times > MAX_SIZE:
                raise SecurityError("the value would be too large for a template")
    return _BINOPS[op](left, right)


_BINOPS = {"*": operator.mul, "**": operator.pow}


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*` and `**` bounded as well."""

    intercepted_binops = frozenset(_BINOPS)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Apply a binary operator, refusing a `*` or `**` whose result would be huge."""
        if operator in _BINOPS:
            return _checked_binop(self, operator, left, right)
        return super().call_binop(context, operator, left, right)


def environment(workspace_root: Path | None = None, *, html: bool = False) -> jinja2.Environment:
    """A sandboxed environment: templates of the workspace (if any) first, then the
    built-in ones. `html` turns autoescaping on."""
    loaders: list[jinja2.BaseLoader] = []
    if workspace_root is not None:
        loaders.append(_WorkspaceLoader(Path(workspace_root)))
    loaders.append(jinja2.FileSystemLoader(BUILTIN))
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=html,  # the scaffolding templates write YAML and Markdown, not HTML
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["yaml_list"] = yaml_flow_list
    return env


def run_template(
    env: jinja2.Environment, name: str, context: dict[str, Any], root: Path | None = None
) -> str:
    """Render template `name`; any failure inside a template is a WorkspaceError that
    names the template file (relative to the workspace) and line."""
    try:
        return env.get_template(name).render(**context)
    except WorkspaceError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        shown = _shown(root, exc.filename) if exc.filename else name
        raise WorkspaceError(f"template syntax error: {exc.message}", shown, exc.lineno) from None
    except RecursionError as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(
            "the template includes or calls itself without end", shown, line
        ) from None
    except SecurityError as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(
            f"the template tried something the sandbox forbids ({exc})", shown, line
        ) from None
    except jinja2.TemplateNotFound as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(
            f"the template uses a template that does not exist: {exc.name}", shown, line
        ) from None
    except jinja2.UndefinedError as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(f"template error: {exc}", shown, line) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(
            f"template error: {type(exc).__name__}: {str(exc)[:200]}", shown, line
        ) from None


def render(template: str, workspace_root: Path | None = None, /, **context: Any) -> str:
    """Render a scaffolding template (`new/...`, `init/...`), sandboxed."""
    env = environment(workspace_root)
    return run_template(env, template, context, workspace_root)


def _where(exc: BaseException, root: Path | None, name: str) -> tuple[str, int | None]:
    """The innermost template frame of `exc`'s traceback (Jinja rewrites template
    frames to point at the template file and line), preferring the workspace's own."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith(".j2") or f.filename.endswith(".css")
    ]
    if root is not None:
        overrides = Path(root) / OVERRIDES
        mine = [f for f in frames if is_inside(overrides, f.filename)]
        frames = mine or frames
    if not frames:
        return name, None
    frame = frames[-1]
    return _shown(root, frame.filename), frame.lineno


def _shown(root: Path | None, filename: str) -> str:
    """A template file as the user knows it: relative to the workspace, or marked
    built-in."""
    if root is not None:
        try:
            return Path(filename).relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return "built-in " + Path(filename).relative_to(BUILTIN).as_posix()
    except ValueError:
        return filename
