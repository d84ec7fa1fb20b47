"""How a failed command is told: one line on stderr, never a traceback unless asked."""

from __future__ import annotations

import contextlib
import os

DEBUG_ENV = "PERSONAKIT_DEBUG"


def debugging() -> bool:
    """Whether the user asked for tracebacks (`--debug` or PERSONAKIT_DEBUG=1)."""
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def one_line(text: str) -> str:
    """`text` on one line, with control characters shown as escapes, never sent raw."""
    text = " ".join(text.split("\n"))
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def internal_error(exc: BaseException) -> str:
    """The line shown for a bug in personakit itself."""
    return (
        f"personakit: internal error: {type(exc).__name__}: {one_line(str(exc))[:500]} "
        "(please report; run with --debug for the traceback)"
    )


def describe_os_error(exc: OSError) -> str:
    """An operating-system error as `path: reason`, relative to here when it can be."""
    reason = exc.strerror or str(exc)
    name = exc.filename
    if name is None:
        return one_line(reason)
    shown = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    with contextlib.suppress(ValueError):
        shown = os.path.relpath(shown)
    if len(shown) > 120:
        shown = f"{shown[:50]}…{shown[-50:]}"
    return f"{one_line(shown)}: {one_line(reason)}"
