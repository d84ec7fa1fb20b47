"""Flags a claim's quoted `text` that is not in the quote it cites.

The comparison folds whitespace, case and typographic quotes; `[...]` or `…` in the
claimed text stands for words left out.

## Why it matters
A paraphrase dressed as a quote is the most persuasive kind of fiction. When a card
puts words in quotation marks, someone must have said them.

## Example
```yaml
quotes: [{ref: p01#q2, text: "I never invite anyone before the demo"}]
```
Lint reports:
```text
personas/ops-admin.yaml:38:9: error PK103 misquote: "I never invite anyone before the demo" is not in p01#q2
```
Fix: copy the words from the note, eliding with `[...]`:
`{ref: p01#q2, text: "I won't invite anyone [...] something to look at"}`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK103"
NAME = "misquote"
SEVERITY = Severity.error
SUMMARY = "a claim's quoted `text` that is not in the cited quote"
OPTIONS: dict[str, Any] = {}


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK103 findings: a claim's quoted `text` that is not in the cited quote."""
    ws = session.workspace
    for entry in ws.claims:
        for cite in session.evidence.for_claim(entry).citations:
            if cite.misquoted:
                line, col = entry.citation_position(cite.index)
                yield Problem(
                    entry.path,
                    line,
                    col,
                    f"{short(cite.ref.text or '', 50)} is not in {cite.ref.ref}",
                )
