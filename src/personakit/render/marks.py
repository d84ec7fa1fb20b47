"""What lint said about each place, as render shows it: badges, count checks, draft marks.

Render never re-decides a rule. A badge or a warning on a page stands for a finding of
the lint run the render asked for, matched by its code and its position (a claim's
first line, or its count's); so a page can never say what `lint` does not. The one
positive badge with no finding behind it, "triangulated", comes from the function the
not-triangulated rule (PK109) itself uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..rules.not_triangulated import triangulated

if TYPE_CHECKING:
    from ..evidence import ClaimEvidence
    from ..findings import Finding
    from ..workspace import ClaimEntry, PersonaDoc

# Badge text → the rule whose finding it shows, and where that finding stands: at the
# claim's first line, or at its count. In the order pages show them.
BADGES = (
    ("single voice", "PK107", "claim"),
    ("unverified count", "PK106", "count"),
    ("stale", "PK108", "claim"),
)
# The rules that compare a stated count with a recomputed one.
COUNT_CHECK = "PK104"  # count-mismatch: counts over notes and sources
DATA_CHECK = "PK403"  # data-drift: counts from user data


@dataclass(frozen=True)
class CountCheck:
    """What lint says of a count: it compared it and found it right (`verified`), it
    found a difference (`differs`), or neither (not recomputable, rule off, silenced)."""

    verified: bool
    differs: bool


@dataclass
class Marks:
    """The findings of one lint run, indexed by place, and which rules ran.

    `silenced(code, path, line)` says whether a finding there would have been
    suppressed in place: lint's own suppression check, so a page does not call a
    count right where lint was told to keep quiet about it.
    """

    findings: list[Finding]
    enabled: frozenset[str] = frozenset()
    silenced: Callable[[str, str, int], bool] | None = None
    by_place: dict[tuple[str, int, int], set[str]] = field(default_factory=dict, init=False)
    by_path: dict[str, list[Finding]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for finding in self.findings:
            place = (finding.path, finding.line, finding.column)
            self.by_place.setdefault(place, set()).add(finding.code)
            self.by_path.setdefault(finding.path, []).append(finding)

    def codes_at(self, path: str, position: tuple[int, int]) -> set[str]:
        """The codes of the findings at exactly this line and column."""
        return self.by_place.get((path, *position), set())

    def _quiet(self, code: str, path: str, line: int) -> bool:
        if code not in self.enabled:
            return True
        return self.silenced is not None and self.silenced(code, path, line)

    def badges(self, entry: ClaimEntry, ev: ClaimEvidence) -> list[str]:
        """A claim's badges: triangulated (PK109's own test), then one per finding."""
        out = ["triangulated"] if triangulated(ev.kinds) else []
        at = {"claim": self.codes_at(entry.path, entry.position), "count": set()}
        if entry.claim.count is not None:
            at["count"] = self.codes_at(entry.path, entry.count_position())
        return out + [badge for badge, code, where in BADGES if code in at[where]]

    def count_check(self, entry: ClaimEntry, computed: bool) -> CountCheck:
        """What lint says of this claim's count, `computed` telling whether there was a
        number to compare with (recomputed from notes, or answered by the data)."""
        count = entry.claim.count
        assert count is not None
        code = DATA_CHECK if count.segment is not None else COUNT_CHECK
        line, column = entry.count_position()
        at_count = self.codes_at(entry.path, (line, column))
        differs = code in at_count
        # An impossible count (PK105) is not compared by PK104: it is not "right" either.
        verified = (
            computed
            and not differs
            and "PK105" not in at_count
            and not self._quiet(code, entry.path, line)
        )
        return CountCheck(verified=verified, differs=differs)

    def in_claim(self, persona: PersonaDoc, entry: ClaimEntry) -> list[Finding]:
        """The findings in the lines of this claim (up to the next claim), for draft marks."""
        found = self.by_path.get(persona.path, [])
        if not found:
            return []
        start = entry.position[0]
        later = [c.position[0] for c in persona.claims if c.position[0] > start]
        end = min(later, default=10**9)
        return [f for f in found if start <= f.line < end]

    def in_file(self, path: str | None) -> list[Finding]:
        """Every finding in a file."""
        return list(self.by_path.get(path, [])) if path is not None else []


def marks_for(
    findings: Iterable[Finding],
    enabled: Iterable[str],
    silenced: Callable[[str, str, int], bool] | None = None,
) -> Marks:
    """Marks over a lint run's findings."""
    return Marks(list(findings), frozenset(enabled), silenced)
