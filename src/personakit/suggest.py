"""Did you mean: the known names closest to an unknown one, phrased for a message.

Every place that reports an unknown name (a field, an enum value, a note, an anchor,
a tag, a persona, a step, a table, a column, a rule code, a command) asks here, so
suggestions look and rank the same everywhere. They are computed only when a message
is being written, never on the happy path, so a large workspace pays nothing for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CUTOFF", "closest", "did_you_mean", "hint", "without_hints"]

# Similarity (0-100, rapidfuzz's normalised Indel ratio) a known name needs to be
# suggested, besides being few edits away (below). 70 keeps one slip in a short name
# (`PK1O1` -> `PK101` scores 80, `qoutes` -> `quotes` 83) and drops names that merely
# share letters.
CUTOFF = 70.0
# Nobody mistypes a name this long, and hostile input should not cost a quadratic
# comparison: longer names are neither suggested nor given suggestions.
_LONGEST = 200

_SEPARATORS = re.compile(r"[\s_.\-]+")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


def _shape(name: str) -> str:
    """A name with case, separators and leading zeros of numbers folded away, so that
    `P3`, `p03`, `ops_admin` and `Ops-Admin` are recognised as the same name."""
    return _LEADING_ZEROS.sub("", _SEPARATORS.sub("", name.lower()))


def closest(
    name: str, known: Iterable[str], *, limit: int = 3, cutoff: float = CUTOFF
) -> list[str]:
    """The known names closest to `name`, best first (at most `limit`; empty if none is close)."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA

    choices = sorted(
        {k for k in known if isinstance(k, str) and k and k != name and len(k) <= _LONGEST}
    )
    if not choices or not name or len(name) > _LONGEST:
        return []
    shape = _shape(name)
    same = [c for c in choices if _shape(c) == shape]
    if same:
        return same[:limit]
    query = name.lower()
    scored = process.extract(
        query, [c.lower() for c in choices], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
    )
    # Of the names similar enough, only those fewest edits away (a swap of two letters
    # is one edit) are offered: `PK1O1` gets `PK101`, not also `PK110`; and none that
    # needs more than one edit per three letters of the name, so `interview-x` does not
    # get `interview-00001` for sharing a long prefix.
    most = max(1, len(name) // 3)
    edits = {index: OSA.distance(query, lowered) for lowered, _, index in scored}
    edits = {index: n for index, n in edits.items() if n <= most}
    fewest = min(edits.values(), default=0)
    ranked = sorted(
        ((-score, choices[index]) for _, score, index in scored if edits.get(index) == fewest)
    )
    return [choice for _, choice in ranked[:limit]]


def did_you_mean(candidates: list[str]) -> str:
    """`did you mean 'a'?` or `did you mean 'a' or 'b'?`; empty without candidates."""
    if not candidates:
        return ""
    quoted = [repr(c) for c in candidates]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"did you mean {listed}?"


# What `hint` (and the listing of a note's anchors in evidence.py) adds to a message.
_HINT = re.compile(
    r"; (?:did you mean (?:'[^']*'|\"[^\"]*\"|[^;?])*\?"
    r"|its quotes are \^[^;]*|it has no quotes yet)"
)


def without_hints(message: str) -> str:
    """`message` without its suggestions: a finding keeps its identity (SARIF
    fingerprints) when a new file changes what is suggested."""
    return _HINT.sub("", message)


def hint(name: str, known: Iterable[str], *, limit: int = 3) -> str:
    """`; did you mean 'a'?` to append to a message about unknown `name`, or empty."""
    phrase = did_you_mean(closest(name, known, limit=limit))
    return f"; {phrase}" if phrase else ""
