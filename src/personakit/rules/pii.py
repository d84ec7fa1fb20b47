"""Flags an e-mail address, a phone number or a participant's real name in a quote.

Real names are those listed in the rule's `names` option, which a team may keep in
`personakit.yaml` (matched as whole words, ignoring case). Quotes in notes are
checked, and so are source rows that a claim cites.

## Why it matters
Quotes travel: into persona cards, slide decks and the public site. Participants were
promised pseudonyms; a name or a phone number in a quote breaks that promise.

## Example
```markdown
> Call me on +1 415 555 0134 when the fix ships. ^q2
```
Lint reports:
```text
interviews/interviews/2026-09-08-p01.md:22:1: warning PK301 pii: quote ^q2 contains a phone number
```
Fix: redact it in the note: `> Call me [phone] when the fix ships. ^q2`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Phone numbers are found by the `phonenumbers` library (the workspace's `region`,
# default US, plus international numbers); `render --public` masks by the same module.
from .. import personal_data
from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK301"
NAME = "pii"
SEVERITY = Severity.warning
SUMMARY = "an e-mail address, phone number or a participant's real name in a quote"
OPTIONS: dict[str, Any] = {"names": []}


def pii_in(text: str, names: list[str], region: str = personal_data.DEFAULT_REGION) -> str | None:
    """What kind of personal data `text` holds, if any (the same test `--public` masks by)."""
    return personal_data.find(text, names, region)


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK301 findings: an e-mail address, phone number or a participant's real name in a
    quote."""
    ws = session.workspace
    names = [str(n) for n in options["names"]]
    region = ws.config.region
    for note in ws.notes.values():
        for quote in note.quotes.values():
            what = pii_in(quote.text, names, region)
            if what:
                yield Problem(
                    note.path, quote.line, quote.column, f"quote ^{quote.anchor} contains {what}"
                )
    seen: set[str] = set()
    for entry in ws.claims:
        for cite in session.evidence.for_claim(entry).citations:
            row = cite.row
            if row is None or row.voice in seen:
                continue
            seen.add(row.voice)
            what = pii_in(row.text, names, region)
            if what:
                yield Problem(
                    row.path, row.line, 1, f"row {row.id!r}, cited as a quote, contains {what}"
                )
