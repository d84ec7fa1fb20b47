"""Flags an e-mail address, a phone number or a participant's real name in a quote.

Real names are those listed in the rule's `names` option, which a team may keep in
`personakit.yaml` (matched as whole words, ignoring case, however the words of a
full name are spaced: `Jane  Smith` is Jane Smith). Quotes in notes are
checked, and so are source rows that a claim cites. The rest of a note's text (an
imported transcript's paragraphs, say) is checked for e-mail addresses and listed
names, so that what an import left behind is found before it is quoted.

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

from functools import lru_cache
from typing import TYPE_CHECKING, Any

# Phone numbers are found by the `phonenumbers` library (the workspace's `region`,
# default US, plus international numbers); `render --public` masks by the same module.
from .. import personal_data
from .base import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model.documents import Note
    from ..session import Session

CODE = "PK301"
NAME = "pii"
SEVERITY = Severity.warning
SUMMARY = "an e-mail address, phone number or a participant's real name in a quote"
OPTIONS: dict[str, Any] = {"names": []}


def pii_in(text: str, names: list[str], region: str = personal_data.DEFAULT_REGION) -> str | None:
    """What kind of personal data `text` holds, if any (the same test `--public` masks by)."""
    return _found(text, tuple(names), region)


# A process that lints again and again (the language server) holds the notes' texts
# between lints, so most of its questions here were answered before; the answers
# depend on nothing but the arguments.
@lru_cache(maxsize=1 << 16)
def _found(text: str, names: tuple[str, ...], region: str) -> str | None:
    return personal_data.find(text, list(names), region)


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK301 findings: an e-mail address, phone number or a participant's real name in a
    quote."""
    ws = session.workspace
    names = [str(n) for n in options["names"]]
    region = ws.config.region
    listed = tuple(names)
    texts = ws.texts
    for note in ws.notes.values():
        found = _in_note(note, texts.get(note.path, ""), listed, region)
        if found:
            yield from found
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


# By the note itself, which nothing changes after loading: a language server holds the
# notes no edit touched, so their problems are not even looked up quote by quote.
@lru_cache(maxsize=1 << 15)
def _in_note(note: Note, text: str, names: tuple[str, ...], region: str) -> tuple[Problem, ...]:
    found: list[Problem] = []
    for quote in note.quotes.values():
        what = _found(quote.text, names, region)
        if what:
            found.append(
                Problem(
                    note.path, quote.line, quote.column, f"quote ^{quote.anchor} contains {what}"
                )
            )
    for line, what in personal_data.prose_findings(text, names):
        found.append(Problem(note.path, line, 1, f"the note's text contains {what}; redact it"))
    return tuple(found)
