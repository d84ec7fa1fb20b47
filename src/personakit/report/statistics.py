"""`lint --statistics`: how many findings each rule produced, most first (like ruff's)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..findings import Finding


@dataclass(frozen=True)
class RuleCount:
    """One rule's share of a run: its code, name, severity and number of findings."""

    code: str
    name: str
    severity: str
    count: int

    def as_dict(self) -> dict[str, Any]:
        """The count as plain data, in the JSON output's key order."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "count": self.count,
        }


def count_by_rule(findings: list[Finding]) -> list[RuleCount]:
    """One entry per rule that found something, by count (most first), then by code."""
    counts = Counter((f.code, f.name, f.severity.value) for f in findings)
    rows = [RuleCount(code, name, severity, n) for (code, name, severity), n in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.code))


def statistics_text(findings: list[Finding]) -> str:
    """The counts as aligned columns: count, code, name, severity; one rule a line."""
    rows = count_by_rule(findings)
    if not rows:
        return ""
    width = len(str(rows[0].count))
    name_width = max(len(row.name) for row in rows)
    return "".join(
        f"{row.count:>{width}}  {row.code}  {row.name:<{name_width}}  {row.severity}".rstrip()
        + "\n"
        for row in rows
    )


def statistics_json(findings: list[Finding]) -> str:
    """The counts as a JSON array of `{code, name, severity, count}`."""
    rows = [row.as_dict() for row in count_by_rule(findings)]
    if not rows:
        return "[]\n"
    return "[\n" + ",\n".join("  " + json.dumps(row) for row in rows) + "\n]\n"
