"""Workspace text on its way to a terminal: never interpreted, never raw control bytes.

Text from a cloned workspace may hold Rich markup (`[bold red]`, `[link=...]`) or
terminal escape sequences. Everything personakit prints from a workspace goes through
`plain` (for `rich.text.Text` and plain prints) or `markup` (where a string is handed
to Rich as markup, e.g. a table cell given as a string).
"""

from __future__ import annotations

import os
import re
import sys

# C0 and C1 controls and DEL, except tab and newline, which layout needs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}"


def plain(text: str) -> str:
    """`text` with control characters (ESC, NUL, bell, ...) shown as `\\xNN` escapes."""
    return _CONTROL.sub(_escape, text)


# As _CONTROL, but a carriage return that ends a line (CRLF) is no control: it moves
# to the next line as the newline after it does, and overwrites nothing.
_CONTROL_BUT_CRLF = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def plain_lines(text: str) -> str:
    """`plain`, keeping CRLF line endings: a diff of a CRLF file must apply as it is."""
    return _CONTROL_BUT_CRLF.sub(_escape, text)


def markup(text: str) -> str:
    """`text` safe to hand to Rich as markup: shown literally, brackets and all."""
    from rich.markup import escape

    return escape(plain(text))


def output_failed(exc: OSError) -> int:
    """Exit code 2 for a report that could not be written (the reader went away, the
    disk is full), said in one line as the command line says it: a kept answer printed
    before the command line is built (replay.py, data/plans.py) must fail alike. Standard
    output then goes to /dev/null, so that flushing it at exit cannot fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if not isinstance(exc, BrokenPipeError):
        reason = exc.strerror or str(exc)
        sys.stderr.write(f"personakit: error: {' '.join(reason.split())}\n")
        sys.stderr.flush()
    return 2
