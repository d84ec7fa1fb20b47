"""The command line: options → library call → exit code. No logic lives here.

Imports of the library happen inside each command so that `personakit --version` and
`--help` stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from .failure import DEBUG_ENV, debugging, describe_os_error, internal_error, one_line

app = typer.Typer(
    name="personakit",
    help="Keep personas honest: no claim without a verbatim quote or a count.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: in Rich markup mode `[situation]` in a help text is taken for a style
    # and vanishes. Every sub-app sets the same (a Typer does not inherit it).
    rich_markup_mode=None,
)

# A plain string, checked by `fs.check_name` when used: a NUL byte or an over-long name
# is then our one-line error rather than the option parser's.
RootOption = Annotated[
    str | None,
    typer.Option("--root", help="Workspace folder (default: found by walking up from here)."),
]


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


@app.callback()
def _main(
    ctx: typer.Context,
    root: RootOption = None,
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
    ctx.obj = {"root": root}


def _root(ctx: typer.Context, root: str | None) -> Path | None:
    from ..fs import check_name

    chosen = root or (ctx.obj or {}).get("root")
    return Path(check_name(chosen, "--root")) if chosen else None


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from ..dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to report on.")
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github, sarif or junit (github by default in GitHub Actions).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge ages as of this date (YYYY-MM-DD).")
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help="Report only what changed since the merge base with this git ref.",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Check every claim against its evidence. Read-only."""
    from ..commands import lint as command
    from ..report import FORMATS

    if output_format is not None and output_format not in FORMATS:
        raise typer.BadParameter(
            f"{output_format!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    when = _date(as_of)
    _run(
        lambda: command.run(
            _root(ctx, root), paths or [], output_format, strict, when, changed_since
        )
    )


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name, e.g. PK104.")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the rule reference page (docs/rules.md).")
    ] = False,
) -> None:
    """List the lint rules, or explain one."""
    from ..commands import rules as command

    _run(lambda: command.run(code, markdown))


@app.command()
def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders (default: all).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Normalise the layout of persona, journey and config YAML, keeping comments."""
    from ..commands import fmt as command

    _run(lambda: command.run(_root(ctx, root), paths or [], check))


@app.command()
def render(
    ctx: typer.Context,
    output_format: Annotated[str, typer.Option("--format", "-f", help="html or md.")] = "html",
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: ROOT/site).")
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out internal notes and quotes; mask personal data."),
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Render despite lint errors, marking each finding.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Write persona cards, journey maps, notes, decisions and an evidence index."""
    from ..commands import render as command

    if output_format not in ("html", "md"):
        raise typer.BadParameter(f"{output_format!r} is not html or md", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), out, output_format, public, draft))


@app.command()
def show(
    ctx: typer.Context,
    persona_id: Annotated[str, typer.Argument(metavar="PERSONA", help="The persona's id.")],
    root: RootOption = None,
) -> None:
    """Show a persona card in the terminal."""
    from ..commands import show as command

    _run(lambda: command.run(_root(ctx, root), persona_id))


def main() -> None:
    """Entry point: every failure is one line on stderr with exit code 2, never a traceback."""
    try:
        result = app(standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        exit_code = getattr(exc, "exit_code", 2)
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        typer.echo(f"personakit: error: {one_line(message)}{hint}", err=True)
        _exit(exit_code if exit_code != 1 else 2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("personakit: interrupted", err=True)
        _exit(130)
    except BrokenPipeError:
        # The reader went away (`personakit lint | head`): nothing left to tell anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _exit(2)
    except Exception as exc:
        if debugging():
            raise
        typer.echo(internal_error(exc), err=True)
        _exit(2)
    _exit(result if isinstance(result, int) else 0)


def _exit(code: int) -> None:
    # Exit without tearing the interpreter down: freeing a large workspace object by
    # object takes longer than linting it, and the process is ending anyway.
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.stderr.flush()
    os._exit(code)


# The other command groups register themselves on `app` when imported.
from . import data, new, review  # noqa: E402, F401
