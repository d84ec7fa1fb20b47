"""The data figures pages show, computed in one place before any page is built.

Page builders do no file or database I/O: whatever a page shows of user data (segment
sizes, moves between snapshots, tracked metrics over the snapshots, whether a count
from data could be answered) is asked here, once per render, and handed to them as
plain data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import WorkspaceError

if TYPE_CHECKING:
    from ..data.playbook_states import Summary
    from ..model import Count
    from ..session import Session
    from ..workspace import ClaimEntry, Workspace


class DataAccess(Protocol):
    """What figures ask of user data: a session's `data` service."""

    def members(self, persona: str, as_of: dt.date) -> list[str]:
        """The keys of a persona's segment members as of a date."""
        ...

    def count(self, count: Count, as_of: dt.date) -> tuple[int, int]:
        """A count from data recomputed as of a date: (n, of)."""
        ...


@dataclass(frozen=True)
class SnapshotFigure:
    """One recorded snapshot of a segment: its date, size and tracked metrics."""

    as_of: dt.date
    size: int
    metrics: dict[str, float | None]


@dataclass(frozen=True)
class SegmentFigures:
    """A segment today and over its snapshots; sizes and moves, never member rows."""

    size: int
    snapshots: list[SnapshotFigure]
    since: dt.date | None  # the snapshot the moves are counted from
    entered: int | None
    left: int | None


@dataclass(frozen=True)
class PlaybookTrendPoint:
    """One playbook snapshot: how many members had a start, and how many were at risk."""

    as_of: dt.date
    with_start: int
    at_risk: int


@dataclass(frozen=True)
class PlaybookFigures:
    """A playbook today (counts per step, never member keys) and at risk over snapshots."""

    summary: Summary
    trend: list[PlaybookTrendPoint]


@dataclass
class Figures:
    """Every data figure of one render: segments and playbooks by persona id, and which
    counts from data the data could answer (by claim path and location)."""

    segments: dict[str, SegmentFigures] = field(default_factory=dict)
    answered: set[tuple[str, tuple[Any, ...]]] = field(default_factory=set)
    playbooks: dict[str, PlaybookFigures] = field(default_factory=dict)

    def playbook(self, persona_id: str) -> PlaybookFigures | None:
        """The figures of a persona's playbook, or None when it has none (or the data
        cannot answer it: lint says why)."""
        return self.playbooks.get(persona_id)

    def segment(self, persona_id: str) -> SegmentFigures | None:
        """The figures of a persona's segment, or None when it has none."""
        return self.segments.get(persona_id)

    def data_count_answered(self, entry: ClaimEntry) -> bool:
        """Whether today's data answered this claim's count from data."""
        return (entry.path, tuple(entry.loc)) in self.answered


def compute_figures(session: Session, data: DataAccess | None = None) -> Figures:
    """Ask user data and the snapshots everything the pages of the session will show.

    `data` is the one seam to user data (default `session.data`, opened only when a
    persona has a segment or a claim counts from data).
    """
    ws = session.workspace
    figures = Figures()
    if ws.config.data is None:
        return figures
    source: DataAccess | None = data
    for persona in ws.personas.values():
        if persona.model.segment is None:
            continue
        source = source or session.data
        figures.segments[persona.id] = _segment(ws, source, persona.id)
        if persona.model.playbook is not None:
            found = _playbook(session, persona.id)
            if found is not None:
                figures.playbooks[persona.id] = found
    for entry, count in ws.data_counts():
        target = ws.personas.get(count.segment)
        if target is None or target.model.segment is None:
            continue
        source = source or session.data
        try:
            source.count(count, count.as_of or ws.today)
        except WorkspaceError:
            continue  # lint reports why (PK401)
        figures.answered.add((entry.path, tuple(entry.loc)))
    return figures


def _segment(ws: Workspace, data: DataAccess, persona_id: str) -> SegmentFigures:
    from ..data.snapshots import read_snapshots

    members = set(data.members(persona_id, ws.today))
    snapshots = read_snapshots(ws.root, persona_id)
    # Moves since the last snapshot; when that snapshot is today's, the moves
    # between it and the one before say more.
    last = snapshots[-1] if snapshots else None
    current = members
    if last is not None and last.as_of >= ws.today and len(snapshots) > 1:
        current, last = set(last.members), snapshots[-2]
    return SegmentFigures(
        size=len(members),
        snapshots=[SnapshotFigure(s.as_of, s.size, dict(s.metrics)) for s in snapshots],
        since=last.as_of if last else None,
        entered=len(current - last.members) if last else None,
        left=len(last.members - current) if last else None,
    )


def _playbook(session: Session, persona_id: str) -> PlaybookFigures | None:
    """Counts as of today (from today's snapshot when there is one) and the share at risk
    in each playbook snapshot; aggregates only."""
    from ..data import playbooks
    from ..data.playbook_snapshots import read_playbook_snapshots
    from ..data.playbook_states import summarise

    ws = session.workspace
    try:
        today = playbooks.answer(session.data, persona_id, ws.today, at_risk_on=None, listed=False)
    except WorkspaceError:
        return None  # lint reports why (PK401)
    trend = []
    for snapshot in read_playbook_snapshots(ws.root, persona_id):
        counted = summarise(persona_id, snapshot.as_of, snapshot.step_ids, snapshot.members)
        with_start = counted.members - counted.no_start
        trend.append(PlaybookTrendPoint(snapshot.as_of, with_start, counted.at_risk))
    return PlaybookFigures(today.summary, trend)
