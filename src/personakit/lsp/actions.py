"""Code actions: a finding's `lint --fix` edit, and the exact words of a cited quote.

Pure functions of the last lint's session and diagnostics; they return text changes
at 0-based lines and code-point columns, which the server turns into a WorkspaceEdit.
An action is offered only while the buffer still holds the text lint read: an edit
computed for other text would land in the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..fix.edits import Fix, yaml_scalar
from ..model.formats import QuoteRef
from ..session import Session
from .navigation import citation_at, persona_of
from .positions import normal

if TYPE_CHECKING:
    from .diagnostics import FileDiagnostic


@dataclass(frozen=True)
class Change:
    """Replace the text from (line, start) to (end_line, end) with `text` (0-based)."""

    line: int
    start: int
    end_line: int
    end: int
    text: str


@dataclass(frozen=True)
class Action:
    """A code action: its title, kind (quickfix, source.fixAll), the changes to the file,
    whether it is the preferred one, and the diagnostic it fixes, if any."""

    title: str
    kind: str
    changes: tuple[Change, ...]
    preferred: bool = False
    fixes: FileDiagnostic | None = None


def _changes(fix: Fix) -> tuple[Change, ...]:
    return tuple(
        Change(e.start[0] - 1, e.start[1] - 1, e.end[0] - 1, e.end[1] - 1, e.text)
        for e in fix.edits
    )


def fix_actions(diagnostics: list[FileDiagnostic], first: int, last: int) -> list[Action]:
    """One quick fix per diagnostic on lines `first`..`last` whose finding has a fix
    (`lint --fix`'s are preferred; an unsafe one says a person must check it), and one
    action applying every safe fix of the file, as `lint --fix` would."""
    out = []
    for found in diagnostics:
        fix = found.fix
        if not isinstance(fix, Fix) or not first <= found.line <= last:
            continue
        title = f"{found.code}: {fix.summary}" + ("" if fix.safe else " (unsafe: check the claim)")
        out.append(Action(title, "quickfix", _changes(fix), preferred=fix.safe, fixes=found))
    every = fix_all(diagnostics)
    if every is not None and out:
        out.append(every)
    return out


def fix_all(diagnostics: list[FileDiagnostic]) -> Action | None:
    """Every safe fix of the file at once (two fixes of one value: the first only, as
    `lint --fix` does), or None when there is none."""
    changes: list[Change] = []
    taken = 0
    for found in sorted(diagnostics, key=lambda d: (d.line, d.start)):
        fix = found.fix
        if not isinstance(fix, Fix) or not fix.safe:
            continue
        new = _changes(fix)
        if any(_overlap(a, b) for a in new for b in changes):
            continue
        changes.extend(new)
        taken += 1
    if not taken:
        return None
    title = f"personakit: apply {taken} safe fix{'' if taken == 1 else 'es'} (lint --fix)"
    return Action(title, "source.fixAll", tuple(changes))


def _overlap(a: Change, b: Change) -> bool:
    return (a.line, a.start) < (b.end_line, b.end) and (b.line, b.start) < (a.end_line, a.end)


def quote_text(session: Session, path: str, text: str, line: int, character: int) -> Action | None:
    """ "Insert the exact quote text" on a claim's citation: `p01#q1` becomes
    `{ref: p01#q1, text: "..."}`, or the `text` of `{ref: ..., text: ...}` is replaced
    by the quote's words as the note has them."""
    ref = citation_at(text, line, character)
    persona = persona_of(session, path)
    if ref is None or persona is None:
        return None
    if session.workspace.texts.get(path) != normal(text):
        return None  # the buffer changed since the last lint: positions may have moved
    quote = session.evidence.resolve(QuoteRef(ref)).quote
    if quote is None:
        return None
    words = yaml_scalar(" ".join(quote.text.split()), '"')
    title = f"Insert the exact words of {ref}"
    for entry in persona.claims:
        for index, _cited in enumerate(entry.claim.quotes):
            at = (*entry.loc, "quotes", index)
            plain = entry.doc.scalar(at)
            if plain is not None and _covers(plain.start, plain.end, line, character):
                new = f"{{ref: {plain_text(ref)}, text: {words}}}"
                return Action(title, "quickfix", (_span(plain.start, plain.end, new),))
            ref_spot = entry.doc.scalar((*at, "ref"))
            if ref_spot is None or not _covers(ref_spot.start, ref_spot.end, line, character):
                continue
            text_spot = entry.doc.scalar((*at, "text"))
            if text_spot is not None and text_spot.style not in ("|", ">"):
                return Action(title, "quickfix", (_span(text_spot.start, text_spot.end, words),))
            return None
    return None


def plain_text(ref: str) -> str:
    """A citation as a YAML scalar (plain where it can be)."""
    return yaml_scalar(ref, "")


def _covers(start: tuple[int, int], end: tuple[int, int], line: int, character: int) -> bool:
    return (start[0] - 1, start[1] - 1) <= (line, character) <= (end[0] - 1, end[1] - 1)


def _span(start: tuple[int, int], end: tuple[int, int], text: str) -> Change:
    return Change(start[0] - 1, start[1] - 1, end[0] - 1, end[1] - 1, text)
