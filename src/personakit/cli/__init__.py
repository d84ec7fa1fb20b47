"""The command line: registers the modules of `personakit.commands` and turns what
they return or raise into exit codes. No command is declared and no logic lives here.

Each command module imports the library inside its function, so `personakit --version`
and `--help` stay fast. A command line that names its command builds only that
command (`personakit lint ...` imports no other command module and declares no other
command to Typer); anything else (`--help`, a typo, shell completion) builds them all,
as `app` does for whoever imports it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from .. import __version__, color
from ..commands.imports import SUBCOMMANDS as IMPORT_SUBCOMMANDS
from ..commands.imports import group as import_group
from ..commands.new import SUBCOMMANDS as NEW_SUBCOMMANDS
from ..commands.new import group as new_group
from ..commands.options import ColorOption, RootOption
from .failure import DEBUG_ENV, debugging, describe_os_error, internal_error, one_line
from .help import HelpCommand, HelpGroup

# Top-level commands, one module of `personakit.commands` each, in `--help` order.
COMMANDS = (
    "lint",
    "rules",
    "fmt",
    "render",
    "serve",
    "show",
    "segment",
    "top",
    "playbook",
    "snapshot",
    "init",
    "diff",
    "review",
    "schema",
    "tags",
    "quote",
    "gaps",
    "lsp",
)

# The environment variable a shell's completion script sets to ask for candidates.
COMPLETE_VAR = "_PERSONAKIT_COMPLETE"

_SETTINGS: dict[str, Any] = dict(
    name="personakit",
    help="Keep personas honest: no claim without a verbatim quote or a count.",
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh and fish (docs/cli.md).
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: in Rich markup mode `[situation]` in a help text is taken for a style
    # and vanishes. Every sub-app sets the same (a Typer does not inherit it).
    rich_markup_mode=None,
    # Placeholders instead of Python types in `--help`, and examples (see cli.help).
    cls=HelpGroup,
)
# The global options that take a value: what follows them is no command's name.
_VALUED = ("--root", "--color")


def _run(call: Callable[[], int]) -> None:
    """Run a command: a user's mistake is one line on stderr and exit code 2, and so is
    anything unexpected (with the traceback only under `--debug`)."""
    from ..errors import WorkspaceError

    try:
        code = call()
    except WorkspaceError as exc:
        typer.echo(f"personakit: error: {one_line(str(exc))}", err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        # Typer would turn it into a silent exit 130; say why the command stopped.
        typer.echo("personakit: interrupted", err=True)
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except BrokenPipeError as exc:
        # The reader went away (`personakit show x | head -1`): nobody is left to tell,
        # and 1 would say "findings". Exit 2 in silence, as a replayed report does.
        from ..terminal import output_failed

        raise typer.Exit(output_failed(exc)) from None
    except OSError as exc:
        # The environment, not the workspace's content: a full disk, a folder the user
        # may not read, a name the file system refuses.
        typer.echo(f"personakit: error: {describe_os_error(exc)}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        if debugging():
            raise
        typer.echo(internal_error(exc), err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"personakit {__version__}")
        raise typer.Exit(0)


def _main(
    ctx: typer.Context,
    root: RootOption = None,
    color_choice: ColorOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show the traceback of an internal error (also PERSONAKIT_DEBUG=1)."
        ),
    ] = False,
) -> None:
    if debug:
        os.environ[DEBUG_ENV] = "1"
    color.choose(color_choice)
    ctx.obj = {"root": root}


def main() -> None:
    """Entry point: every failure is one line on stderr with exit code 2, never a traceback."""
    # The completion variable is named for `personakit` however it was started
    # (`python -m personakit` would otherwise look for `_PYTHON _M PERSONAKIT_COMPLETE`).
    named = _named(sys.argv[1:])
    built = _build([named]) if named is not None else _full()
    _exit(run(lambda: built(standalone_mode=False, complete_var=COMPLETE_VAR)))


def _named(args: list[str]) -> str | None:
    """The command `args` name before anything else, or None (help, a typo, shell
    completion, or only global options)."""
    if COMPLETE_VAR in os.environ:
        return None
    words = iter(args)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            return word if word in (*COMMANDS, *_GROUPS) else None
    return None


def run(parse_and_call: Callable[[], object]) -> int:
    """The exit code of `parse_and_call` (the command line in Click's non-standalone
    mode), with every failure told in one line on stderr: usage errors (an unknown
    option, a value not among an Enum's choices, a bad date) exit 2, Ctrl-C 130."""
    try:
        result = parse_and_call()
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        exit_code = getattr(exc, "exit_code", 2)
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        typer.echo(f"personakit: error: {one_line(message)}{hint}", err=True)
        return exit_code if exit_code != 1 else 2
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("personakit: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (`personakit lint | head`): nothing left to tell anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 2
    except Exception as exc:
        if debugging():
            raise
        typer.echo(internal_error(exc), err=True)
        return 2
    return result if isinstance(result, int) else 0


def _exit(code: int) -> None:
    # Exit without tearing the interpreter down: freeing a large workspace object by
    # object takes longer than linting it, and the process is ending anyway.
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        # The reader went away, or the stream was closed (the language server closes its
        # stdout at exit): file descriptor 1 itself, not the stream, goes to /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    with contextlib.suppress(ValueError):
        sys.stderr.flush()
    engine = sys.modules.get("personakit.data.engine")
    if engine is not None:  # lint leaves its engine open: what it spilled goes now
        engine.remove_spill_folders()
    os._exit(code)


def _outcome(command: Callable[..., int]) -> Callable[..., None]:
    """`command` as Typer calls it: its exit code, or its failure, through `_run`.

    `functools.wraps` keeps the signature and annotations, so Typer reads the options
    off the command module's own declaration.
    """

    @functools.wraps(command)
    def registered(*args: Any, **kwargs: Any) -> None:
        _run(lambda: command(*args, **kwargs))

    return registered


# The command groups: the word that reaches each, its package and its subcommands.
_GROUPS = {
    "new": ("new", NEW_SUBCOMMANDS, new_group),
    "import": ("imports", IMPORT_SUBCOMMANDS, import_group),
}
_filled: set[str] = set()


def _build(names: list[str]) -> typer.Typer:
    """The command line with the callback and the commands `names` (in that order)."""
    built = typer.Typer(**_SETTINGS)
    built.callback()(_main)
    for name in names:
        if name in _GROUPS:
            built.add_typer(_group(name), name=name, cls=HelpGroup)
            continue
        module = importlib.import_module(f"personakit.commands.{name}")
        built.command(name, cls=HelpCommand)(_outcome(getattr(module, name)))
    return built


def _group(word: str) -> typer.Typer:
    """The group `word` with every subcommand of its package, registered once."""
    package, names, group = _GROUPS[word]
    if word not in _filled:
        _filled.add(word)
        for name in names:
            module = importlib.import_module(f"personakit.commands.{package}.{name}")
            group.command(name, cls=HelpCommand)(_outcome(getattr(module, name)))
    return group


@functools.cache
def _full() -> typer.Typer:
    return _build([*COMMANDS, *_GROUPS])


def __getattr__(name: str) -> Any:
    # `app` is built when first asked for: the command line itself builds only what
    # its command needs (main).
    if name == "app":
        return _full()
    raise AttributeError(name)
