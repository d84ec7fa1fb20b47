"""Jinja templates: built-in ones in the package's `templates/`, overridden by name by
the files of a workspace's own `templates/` folder.

A cloned workspace's templates are untrusted code. They run in Jinja's immutable
sandbox (no attributes starting with `_`, no access to functions' globals, no
mutation of the values they are given), a template file is read only if its real path
stays inside the workspace, and anything that goes wrong in a template (a syntax
error, an undefined name, a missing include, endless recursion, a sandbox refusal, a
file that is not UTF-8 text) is a WorkspaceError naming the template file and line.

Every page (every render of a template) runs on a budget, so that a template that
loops, recurses or writes without end stops within seconds instead of hanging a
command or exhausting memory: at most MAX_STEPS loop turns and calls, MAX_OUTPUT
characters written (counting what macros and blocks build before it is written), and
MAX_SECONDS of this thread's processor time. The steps and characters are counted by
the compiled template itself (see _BudgetedCode), so a budget is the same in one
process, in forked workers and in serve's rebuild thread, and the same template stops
at the same place every time; the clock is only the last resort for steps that are
each slow, and counts processor time, not the wall clock, so that a busy machine does
not stop an honest page.
"""

from __future__ import annotations

import io
import operator
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import WorkspaceError
from ..fs import contained, is_inside

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
OVERRIDES = "templates"
# Strings and lists a template may build by `*` or `**`: enough for any layout, too
# little to exhaust memory.
MAX_SIZE = 1_000_000
# The budget of one page. The largest built-in page of a 10,000-note workspace (the
# evidence index) takes a small share of each (docs/render.md has the figures).
MAX_STEPS = 1_000_000  # loop turns and calls (macros, methods, range, a recursive loop)
MAX_OUTPUT = 100_000_000  # characters written, by the page or by what it calls
MAX_SECONDS = 10.0  # processor time of the thread rendering the page
_CLOCK_EVERY = 1024  # steps between two looks at the clock


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


class BudgetExceeded(Exception):
    """A template went over its page's budget (a loop or recursion without end)."""


class _Budget:
    """What one page has spent so far."""

    __slots__ = ("max_output", "max_steps", "next_check", "output", "started", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.output = 0
        self.next_check = _CLOCK_EVERY
        self.max_steps, self.max_output = MAX_STEPS, MAX_OUTPUT
        self.started = time.thread_time()

    def check(self) -> None:
        """Raise BudgetExceeded if any part of the budget is spent."""
        if self.steps > self.max_steps:
            raise BudgetExceeded(
                f"the template runs too long: more than {self.max_steps:,} loop turns "
                "and calls for one page (a loop or recursion without end?)"
            )
        if self.output > self.max_output:
            raise BudgetExceeded(
                f"the template writes too much: more than {self.max_output:,} characters "
                "for one page"
            )
        if self.steps >= self.next_check:
            self.next_check = self.steps + _CLOCK_EVERY
            if time.thread_time() - self.started > MAX_SECONDS:
                raise BudgetExceeded(
                    f"the template runs too long: more than {MAX_SECONDS:g} seconds "
                    "of computing for one page"
                )


class _Local(threading.local):
    budget: _Budget | None = None  # the budget of the page this thread renders


_local = _Local()


def _budget() -> _Budget:
    """The budget of the page this thread renders; a template rendered some other way
    than through Template.render (never, here) gets one of its own."""
    budget = _local.budget
    if budget is None:
        budget = _local.budget = _Budget()
    return budget


class _BudgetedTemplate(jinja2.Template):
    """A template whose every render is one page with a budget of its own."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render on a fresh budget (the one of an outer render is put back after)."""
        outer = _local.budget
        _local.budget = _Budget()
        try:
            return super().render(*args, **kwargs)
        finally:
            _local.budget = outer


class _Counted:
    """An iterable a template loops over, each turn counted. `weight` is the literal
    text of the loop's body, written once per turn. Its length is the iterable's, so
    that `loop.length` still costs nothing."""

    __slots__ = ("items", "weight")

    def __init__(self, items: Iterable[Any], weight: int) -> None:
        self.items, self.weight = items, weight

    def __len__(self) -> int:
        return len(self.items)  # type: ignore[arg-type]  # LoopContext catches TypeError

    def __iter__(self) -> Iterator[Any]:
        budget = _budget()
        weight = self.weight
        for item in self.items:
            budget.steps += 1
            budget.output += weight
            if budget.steps >= budget.next_check or budget.output > budget.max_output:
                budget.check()
            yield item


# Nodes whose body is charged on its own, each time it runs: a loop's per turn, a
# macro's, a call block's and a block's when called (see _instrument).
_OWN_BODY = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.Block)


def _literal(body: Iterable[nodes.Node]) -> int:
    """The characters of literal text in `body` that run with it (not those of a loop,
    macro, call block or block inside it, charged on their own)."""
    total = 0
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif isinstance(node, nodes.For):
            stack.extend(node.else_)  # once, where the loop is
        elif not isinstance(node, _OWN_BODY):
            stack.extend(node.iter_child_nodes())
    return total


# The filters the compiled template counts with: filters, because a filter is called
# directly, where a call (`environment.call`) goes through the sandbox and counts as a
# step. They take the context only so that Jinja never calls them while compiling.
_COUNTED, _CHARGE = "_budget_loop", "_budget_charge"


@jinja2.pass_context
def _counted_filter(_context: Any, items: Iterable[Any], weight: int) -> _Counted:
    """What a loop of a template loops over: `items`, each turn counted."""
    return _Counted(items, weight)


@jinja2.pass_context
def _charge_filter(_context: Any, weight: int) -> None:
    """Count `weight` characters of literal text about to be written."""
    budget = _local.budget or _budget()
    budget.output += weight
    if budget.output > budget.max_output:
        budget.check()


def _filter(name: str, node: nodes.Expr, *args: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, name, list(args), [], None, None)


def _instrument(template: nodes.Template) -> None:
    """Make the template count what it spends: each loop's iterable is wrapped in one
    that counts its turns and their literal text, and each macro, call block, block
    and the template itself first charge their literal text. Calls are counted by the
    sandbox's `call`, what `{{ ... }}` writes by `finalize`."""
    owners: list[nodes.Template | nodes.For | nodes.Macro | nodes.CallBlock | nodes.Block]
    owners = [template, *template.find_all(_OWN_BODY)]  # type: ignore[list-item]
    for owner in owners:
        if isinstance(owner, nodes.For):
            weight = _literal(owner.body)
            if owner.recursive:
                # Its inner turns come from `loop(...)`, counted by the sandbox's call.
                owner.body.insert(0, nodes.ExprStmt(_filter(_CHARGE, nodes.Const(weight))))
                weight = 0
            owner.iter = _filter(_COUNTED, owner.iter, nodes.Const(weight))  # type: ignore[arg-type]
        elif (weight := _literal(owner.body)) > 0:
            owner.body.insert(0, nodes.ExprStmt(_filter(_CHARGE, nodes.Const(weight))))


class _BudgetedCode(CodeGenerator):
    """The code generator, with the counting of _instrument added, and `~` bounded."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # personakit's own templates loop over the page's data only, and are not a
        # clone's to change: counting their turns would only slow every render. What
        # they call and write is still counted (Sandbox.call, _finalize).
        if not _builtin(self.filename):
            _instrument(node)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


def _builtin(filename: str | None) -> bool:
    """Whether `filename` is one of personakit's own templates (not a workspace's)."""
    if filename is None:
        return False
    return os.path.normpath(filename).startswith(os.path.join(str(BUILTIN), ""))


def _too_large() -> SecurityError:
    return SecurityError("the value would be too large for a template")


def _sized(value: Any) -> Any:
    """`value`, refused if it is a string, list or tuple longer than MAX_SIZE."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_SIZE:
        raise _too_large()
    return value


def _checked_binop(env: Sandbox, op: str, left: Any, right: Any) -> Any:
    if op == "**" and isinstance(right, int) and abs(right) > 64:
        raise SecurityError("the power is too large for a template")
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
            if sized and len(seq) * times > MAX_SIZE:
                raise _too_large()
    return _sized(_BINOPS[op](left, right))


_BINOPS = {"*": operator.mul, "**": operator.pow, "+": operator.add}


class Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*`, `**`, `+` and `~` bounded as well, and every
    page on a budget (loop turns and calls, characters written, processor time)."""

    intercepted_binops = frozenset(_BINOPS)
    code_generator_class = _BudgetedCode
    template_class = _BudgetedTemplate

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Apply a binary operator, refusing a `*`, `**` or `+` whose result would be
        huge."""
        if operator in _BINOPS:
            return _checked_binop(self, operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call `obj` from a template, as one step of the page's budget; a recursive
        loop's `loop(...)` counts the turns of what it loops over."""
        budget = _local.budget or _budget()
        budget.steps += 1
        if budget.steps >= budget.next_check:
            budget.check()
        if type(obj) is LoopContext and args:
            args = (_Counted(args[0], 0), *args[1:])
        # SandboxedEnvironment.call, without one more frame for every call.
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        return context.call(obj, *args, **kwargs)

    @staticmethod
    def sized(value: Any) -> Any:
        """The result of `~`, refused if it is too large."""
        return _sized(value)


def _finalize(value: Any) -> Any:
    """What `{{ ... }}` writes, counted against the page's budget. A value that is not
    text is made text here, as Jinja would next, so that its length is known (one that
    is HTML already, or undefined, is left as it is)."""
    if not isinstance(value, str):
        if isinstance(value, jinja2.Undefined) or hasattr(type(value), "__html__"):
            return value
        value = str(value)
    budget = _local.budget
    if budget is not None:  # None: a constant, finalized while compiling
        budget.output += len(value)
        if budget.output > budget.max_output:
            budget.check()
    return value


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
        finalize=_finalize,
    )
    env.filters[_COUNTED] = _counted_filter
    env.filters[_CHARGE] = _charge_filter
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
    except BudgetExceeded as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError(str(exc), shown, line) from None
    except MemoryError as exc:
        shown, line = _where(exc, root, name)
        raise WorkspaceError("the template needs more memory than there is", shown, line) from None
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
