"""Whether output is coloured: `--color auto|always|never`, `NO_COLOR`, `FORCE_COLOR`.

One decision for every command that prints colour (lint's text report, and the Rich
tables and panels of `show`, `tags`, `segment`, `top`), in this order:

1. `--color always` or `--color never`, given before the command (`personakit --color
   never show admin`) or, for `lint`, after it;
2. `NO_COLOR` set to anything but the empty string: no colour;
3. `FORCE_COLOR` set to anything but the empty string: colour, even in a pipe;
4. otherwise (`auto`): colour only when standard output is a terminal that is not
   `TERM=dumb`. A pipe, a file or CI's log never gets escape sequences.

Standard library only: the command line imports this module to build itself.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import StrEnum
from typing import IO, Any


class ColorChoice(StrEnum):
    """`--color`: colour when writing to a terminal, always, or never."""

    auto = "auto"
    always = "always"
    never = "never"


# The choice given before the command; the command line sets it on every invocation.
_chosen: ColorChoice = ColorChoice.auto


def choose(choice: ColorChoice | str | None) -> None:
    """Record the global `--color` (None: auto) for the commands run after it."""
    global _chosen
    _chosen = ColorChoice(choice) if choice else ColorChoice.auto


def use_color(
    choice: ColorChoice | str | None = None,
    stream: IO[str] | None = None,
    environ: dict[str, str] | os._Environ[str] | None = None,
) -> bool:
    """Whether to colour what goes to `stream` (default stdout): `choice` (a command's
    own `--color`) or else the global one, then NO_COLOR, FORCE_COLOR, a terminal."""
    env = os.environ if environ is None else environ
    picked = ColorChoice(choice) if choice else _chosen
    if picked is not ColorChoice.auto:
        return picked is ColorChoice.always
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    out = sys.stdout if stream is None else stream
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        tty = False
    return tty and env.get("TERM", "") != "dumb"


def console_options(
    choice: ColorChoice | str | None = None, *, stderr: bool = False, **extra: Any
) -> dict[str, Any]:
    """Keyword arguments for a `rich.console.Console` on stdout (or stderr) that
    follows the same decision (Rich would otherwise read the environment its own way)."""
    stream = sys.stderr if stderr else sys.stdout
    if use_color(choice, stream):
        return {"force_terminal": True, "stderr": stderr, **extra}
    return {"color_system": None, "no_color": True, "stderr": stderr, **extra}


def console(choice: ColorChoice | str | None = None, *, stderr: bool = False, **extra: Any) -> Any:
    """A `rich.console.Console` made with `console_options`, for which the reader going
    away (`personakit show x | head -1`) is a BrokenPipeError like any other write's."""
    return _console_class()(**console_options(choice, stderr=stderr, **extra))


@functools.cache
def _console_class() -> type:
    from rich.console import Console

    class PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits with code 1 here, which personakit keeps for findings; the
            # command line ends every broken pipe alike (cli._run).
            self.quiet = True
            raise BrokenPipeError

    return PipedConsole
