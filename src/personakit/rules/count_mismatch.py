"""Flags a count whose recomputed value differs from the stated one, saying both.

`n` is how many distinct participants carry the tag among those whose notes match
every `among` field, and `of` how many such participants there are. A participant
interviewed three times counts once. With `source: NAME`, rows of that source are
counted instead, each row a voice of its own.

## Why it matters
"5 of 7 admins" is a strong sentence, and it goes stale quietly as notes are added,
retagged or corrected. Recomputing it on every change keeps the number true.

## Example
```yaml
count: {n: 4, of: 5, tag: waits-for-demo, among: {role: ops-admin, kind: interview}}
# the notes say: 3 of 5 ops admins interviewed carry #waits-for-demo
```
Lint reports:
```text
personas/ops-admin.yaml:40:12: error PK104 count-mismatch: "Has real data on the dashboard before ...": stated 4 of 5, recomputed 3 of 5 (tag waits-for-demo among role=ops-admin, kind=interview); with the tag: P01, P02, P05; without: P03, P04
```
Fix: state what the notes say (`n: 4`), or tag the note you forgot to tag. The
finding lists the participants counted with the tag and those without it, by code
(`--format json`: `details.tagged` and `details.untagged`), so a missing or extra one
shows. `personakit lint --fix` sets `n` and `of` to the recomputed numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..fix.edits import count_fix
from .base import Problem, Severity, short

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..session import Session

CODE = "PK104"
NAME = "count-mismatch"
SEVERITY = Severity.error
SUMMARY = "a recomputed count that differs from the stated one (say both)"
OPTIONS: dict[str, Any] = {}
FIXABLE = "safe"
# Participants named in the message; the JSON details carry them all.
LISTED = 20


def check(session: Session, options: dict[str, Any]) -> Iterable[Problem]:
    """Yield PK104 findings: a recomputed count that differs from the stated one (say both)."""
    ws = session.workspace
    for entry in ws.claims:
        count = entry.claim.count
        if count is None or count.tag is None or not (0 <= count.n <= count.of and count.of):
            continue
        result = session.evidence.count(count)
        if not result.recomputed or (result.n, result.of) == (count.n, count.of):
            continue
        scope = f"tag {count.tag}"
        if count.among:
            scope += " among " + ", ".join(f"{k}={'|'.join(v)}" for k, v in count.among.items())
        if count.source:
            scope += f" in source {count.source}"
        line, col = entry.count_position()
        tagged = sorted(result.voices, key=natural)
        untagged = sorted(result.population - result.voices, key=natural)
        yield Problem(
            entry.path,
            line,
            col,
            f"{short(entry.label)}: stated {count.n} of {count.of}, "
            f"recomputed {result.n} of {result.of} ({scope}); "
            f"with the tag: {listed(tagged)}; without: {listed(untagged)}"
            + "".join(f"; {why}" for why in session.evidence.count_hints(count)),
            details={
                "stated": {"n": count.n, "of": count.of},
                "recomputed": {"n": result.n, "of": result.of},
                "tagged": tagged,
                "untagged": untagged,
            },
            fix=count_fix(entry, count.n, count.of, result.n, result.of),
        )


def natural(code: str) -> tuple[Any, ...]:
    """Sort key for participant codes: P2 before P10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code))


def listed(codes: list[str]) -> str:
    """Codes for a message: the first LISTED of them, then how many more."""
    if not codes:
        return "none"
    shown = ", ".join(codes[:LISTED])
    more = len(codes) - LISTED
    return shown + (f" and {more} more" if more > 0 else "")
