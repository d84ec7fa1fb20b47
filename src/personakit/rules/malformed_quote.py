"""Flags a blockquote that looks like a quote but is not a proper one: an anchor
followed by a `#tag`, an anchor not on the blockquote's last line, two anchors, or an
anchor with characters an anchor cannot have.

## Why it matters
A quote is a blockquote whose last line ends with `^anchor`. Anything else is read
as an ordinary blockquote, so a quote with its tag after the anchor silently stops
being evidence: it is not counted, and nothing can cite it. A citation of the anchor
meant is not reported as unknown while this finding stands.

## Example
In `interviews/interviews/2026-09-08-p01.md` the tag was typed after the anchor:
```markdown
> demo an empty screen. ^q1 #connect-before-demo
```
Lint reports:
```text
interviews/interviews/2026-09-08-p01.md:18:1: error PK004 malformed-quote: anchor ^q1 is followed by #connect-before-demo: move the tag before ^q1, which must end the quote
```
Fix: move the tag before the anchor, which must end the quote:
`> demo an empty screen. #connect-before-demo ^q1`. An anchor uses letters, digits, `-`
and `_` (`^q1`, not `^q.1`); a blockquote holds one quote (end a quote with a blank
line before the next).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK004"
NAME = "malformed-quote"
SEVERITY = Severity.error
SUMMARY = "a blockquote that looks like a quote but whose anchor is misplaced or invalid"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK004 findings: a blockquote that looks like a quote but whose anchor is
    misplaced or invalid."""
    ws = session.workspace
    for note in (*ws.notes.values(), *ws.duplicate_notes):
        for line, message, _anchor in note.malformed_quotes:
            yield Problem(note.path, line, 1, message)
