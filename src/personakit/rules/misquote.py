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
personas/ops-admin.yaml:38:9: error PK103 misquote: "I never invite anyone before the demo" is not in p01#q2 "I won't invite anyone until there's something to look at. Five empty charts is ..."; no passage of it is close
```
Fix: copy the words from the note, eliding with `[...]`:
`{ref: p01#q2, text: "I won't invite anyone [...] something to look at"}`.

The finding shows the cited quote and its passage closest to the claimed text, with
the words that differ marked (`[-claimed-]{+quoted+}`, in colour on a terminal); when
the text is verbatim in another quote of the same note, it names that quote (`found
verbatim in NOTE#ANCHOR`). `personakit lint --fix --unsafe-fixes` replaces the claimed
text with the closest passage when exactly one passage is close, or the citation with
the other quote when exactly one holds the text verbatim: unsafe, because a person must
check that the claim still says what the quote says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..evidence import elides, text_in_quote
from ..fix.edits import replace_values
from ..worddiff import CLOSE, closest_passage, render, unique_passage, word_diff
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..evidence import Citation
    from ..session import Session
    from ..workspace import ClaimEntry

CODE = "PK103"
NAME = "misquote"
SEVERITY = Severity.error
SUMMARY = "a claim's quoted `text` that is not in the cited quote"
OPTIONS: dict[str, Any] = {}
FIXABLE = "unsafe"
MAX_OTHERS = 200  # other quotes of the note searched for a closer passage


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK103 findings: a claim's quoted `text` that is not in the cited quote."""
    ws = session.workspace
    for entry in ws.claims:
        for cite in session.evidence.for_claim(entry).citations:
            if cite.misquoted:
                yield _problem(entry, cite)


def _problem(entry: ClaimEntry, cite: Citation) -> Problem:
    """The finding for one misquote: the quote, the closest passage, where else it is."""
    claimed = cite.ref.text or ""
    quoted = cite.text or ""
    line, col = entry.citation_position(cite.index)
    head = f"{short(claimed, 50)} is not in {cite.ref.ref} {short(quoted, 80)}"
    details: dict[str, Any] = {"quote": quoted}
    others = (
        [q for q in cite.quote.note.quotes.values() if q is not cite.quote]
        if cite.quote is not None
        else []
    )
    verbatim = [q.ref for q in others if text_in_quote(claimed, q.text)]
    if verbatim:
        details["found_verbatim_in"] = verbatim
        fix = None
        if len(verbatim) == 1:
            fix = replace_values(
                entry.doc,
                entry.path,
                {(*entry.loc, "quotes", cite.index, "ref"): verbatim[0]},
                safe=False,
                summary=f"cite {verbatim[0]} instead of {cite.ref.ref}",
            )
        where = ", ".join(verbatim)
        return Problem(
            entry.path, line, col, f"{head}; found verbatim in {where}", details=details, fix=fix
        )
    best = closest_passage(claimed, quoted)
    best_ref = cite.ref.ref
    # Comparing with every other quote of a huge note would cost more than it tells.
    for other in others if len(others) <= MAX_OTHERS else []:
        passage = closest_passage(claimed, other.text)
        if passage is not None and (best is None or passage.ratio > best.ratio):
            best, best_ref = passage, other.ref
    if best is None or best.ratio < CLOSE:
        return Problem(entry.path, line, col, f"{head}; no passage of it is close", details=details)
    ops = word_diff(claimed, best.text)
    details.update(closest=best.text, closest_in=best_ref, diff=[list(op) for op in ops])
    where = "" if best_ref == cite.ref.ref else f" (in {best_ref})"
    message = f"{head}; closest passage{where}: {render(ops)}"
    fix = _text_fix(entry, cite) if best_ref == cite.ref.ref else None
    return Problem(entry.path, line, col, message, details=details, fix=fix)


def _text_fix(entry: ClaimEntry, cite: Citation) -> Any:
    """Replace the claimed text with the one close passage of the cited quote, if there is
    exactly one and the claimed text elides nothing (what an elision left out is the
    author's choice)."""
    claimed = cite.ref.text or ""
    if elides(claimed):
        return None
    passage = unique_passage(claimed, cite.text or "")
    if passage is None:
        return None
    return replace_values(
        entry.doc,
        entry.path,
        {(*entry.loc, "quotes", cite.index, "text"): passage.text},
        safe=False,
        summary=f"text set to {short(passage.text, 60)}, as {cite.ref.ref} says it",
    )
