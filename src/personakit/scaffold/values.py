"""Values given to `new` on the command line or at a prompt, checked before any file.

Every value is a single line of text: it goes into YAML only through the YAML writer,
and into a Markdown body only as a heading's text, so a value without line breaks
cannot add a field, close the front matter or start a quote. Control characters
(NUL, escape sequences) and the Unicode line and paragraph separators, which YAML and
Markdown readers treat as line breaks, are refused with a one-line error, and so is a
value longer than `MAX_TEXT` characters.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import WorkspaceError

# A name, a role or a job story's clause fits well within this; the cap also keeps
# every value on one line of YAML (the writer folds lines longer than 4,096 columns).
MAX_TEXT = 1000
# Suppressions are found by their text on a line, quoted or not (suppressions.py): a
# value holding one would silence rules on the line it is written to.
_SUPPRESSION_RE = re.compile(r"personakit:\s*ignore\[")
# NEL is a line break to YAML although Unicode files it under the C1 controls.
_BREAKING = {"Cc", "Zl", "Zp"}


def check_text(value: str, flag: str) -> str:
    """`value` if it is one line of printable text, else a one-line error naming `flag`."""
    if len(value) > MAX_TEXT:
        raise WorkspaceError(
            f"{flag} is {len(value):,} characters long; at most {MAX_TEXT:,} are accepted"
        )
    for index, char in enumerate(value):
        if unicodedata.category(char) in _BREAKING or char == "\ufeff":
            what = "a line break" if char in "\n\r\x85\u2028\u2029" else "a control character"
            raise WorkspaceError(
                f"{flag} must be one line of text; it holds {what} (U+{ord(char):04X}) "
                f"at character {index + 1}"
            )
    if _SUPPRESSION_RE.search(value):
        raise WorkspaceError(
            f"{flag} must not hold a suppression (`personakit: ignore[...]`); "
            "write one as a comment in the file instead"
        )
    return value


def check_heading(value: str, flag: str) -> str:
    """`check_text`, and no HTML comment, which would hide the rest of a note's body."""
    check_text(value, flag)
    if "<!--" in value:
        raise WorkspaceError(f"{flag} must not hold `<!--`: it would hide the rest of the note")
    return value


def check_texts(values: list[str] | None, flag: str) -> list[str]:
    """Each of `values` checked with `check_text`."""
    return [check_text(value, flag) for value in values or []]
