"""Stable identities for findings: the same defect keeps its identity when lines move.

A finding is identified by its rule, its file and its message with any line numbers
and "did you mean" suggestions taken out (messages name the claim they are about, by
its text or id), plus how many identical findings came before it in that file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from ..findings import Finding
from ..suggest import without_hints

_LINE_NUMBERS = re.compile(r"\b(?:on )?line \d+\b")


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """A stable identity per finding, in order, that survives lines moving (SARIF, diff)."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for finding in findings:
        message = _LINE_NUMBERS.sub("line", without_hints(finding.message))
        key = (finding.code, finding.path, message)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256("\x1f".join([*key, str(occurrence)]).encode()).hexdigest()
        out.append(digest[:32])
    return out
