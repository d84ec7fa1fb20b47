"""Flags an e-mail address, a phone number or a participant's real name in a quote.

Real names are those listed in the rule's `names` option, which a team may keep in
`personakit.yaml` (matched as whole words, ignoring case). Quotes in notes are
checked, and so are source rows that a claim cites.

## Why it matters
Quotes travel: into persona cards, slide decks and the public site. Participants were
promised pseudonyms; a name or a phone number in a quote breaks that promise.

## Example
```markdown
> Call me on +1 415 555 0134 when the fix ships. ^q3
```
Fix: redact it in the note: `> Call me [phone] when the fix ships. ^q3`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..workspace import Workspace

CODE = "PK301"
NAME = "pii"
SEVERITY = Severity.warning
SUMMARY = "an e-mail address, phone number or a participant's real name in a quote"
OPTIONS: dict[str, Any] = {"names": []}

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits in groups, optionally with a country code or parentheses; a date
# (2026-10-07) has eight and is not a phone number.
DIGIT_RE = re.compile(r"\d")
PHONE_RE = re.compile(
    r"(?<![\w-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{7,}\d(?!\w)"
)


def is_phone(candidate: str) -> bool:
    """A PHONE_RE match is a phone number when it has nine digits or more."""
    return sum(ch.isdigit() for ch in candidate) >= 9


def pii_in(text: str, names: list[str]) -> str | None:
    """What kind of personal data `text` holds, if any."""
    # Cheap tests first: most quotes hold neither an "@" nor a digit.
    if "@" in text and EMAIL_RE.search(text):
        return "an e-mail address"
    if DIGIT_RE.search(text) and any(is_phone(m.group()) for m in PHONE_RE.finditer(text)):
        return "a phone number"
    for name in names:
        if re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            return f"the real name {name!r}"
    return None


def check(ws: Workspace, options: dict[str, Any]) -> Iterable[Problem]:
    names = [str(n) for n in options["names"]]
    for note in ws.notes.values():
        for quote in note.quotes.values():
            what = pii_in(quote.text, names)
            if what:
                yield Problem(
                    note.path, quote.line, quote.column, f"quote ^{quote.anchor} contains {what}"
                )
    seen: set[str] = set()
    for entry in ws.claims:
        for cite in ws.evidence.for_claim(entry).citations:
            row = cite.row
            if row is None or row.voice in seen:
                continue
            seen.add(row.voice)
            what = pii_in(row.text, names)
            if what:
                yield Problem(
                    row.path, row.line, 1, f"row {row.id!r}, cited as a quote, contains {what}"
                )
