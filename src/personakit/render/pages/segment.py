"""What a persona page shows of its segment: size, moves and metrics over snapshots.

Built from the figures computed before pages (render.figures); aggregates only, never
member rows. A public render hides groups smaller than `min_group_size`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model.conditions import Bound, Condition, Equals, Excludes, Exists, Within
from ..charts import line_chart
from ..views import safe_name

if TYPE_CHECKING:
    from ...workspace import PersonaDoc
    from .base import Site


def segment_view(site: Site, persona: PersonaDoc, page: str) -> dict[str, Any] | None:
    """Who the persona is in the user data today, or None when it has no segment."""
    segment = persona.model.segment
    data = site.ws.config.data
    figures = site.figures.segment(persona.id)
    if segment is None or data is None or figures is None:
        return None
    floor = data.min_group_size
    today = site.ws.today

    def shown(n: int | None) -> str | None:
        if n is None:
            return None
        return f"fewer than {floor}" if site.public and n < floor else str(n)

    snapshots = figures.snapshots
    hidden = {s.as_of for s in snapshots if site.public and s.size < floor}
    series = [
        (
            "Members",
            [
                (s.as_of.isoformat(), None if s.as_of in hidden else float(s.size))
                for s in snapshots
            ],
        )
    ]
    for metric in segment.track:
        series.append(
            (
                f"Mean {metric}",
                [
                    (s.as_of.isoformat(), None if s.as_of in hidden else s.metrics.get(metric))
                    for s in snapshots
                ],
            )
        )
    charts = []
    for i, (title, points) in enumerate(series):
        svg = line_chart(title, points) if len(points) else ""
        if not svg:
            continue
        name = f"charts/{safe_name(persona.id)}-{i}.svg"
        if site.link.extension == ".md":
            site.assets[name] = svg
        charts.append({"title": title, "svg": svg, "href": "../" * page.count("/") + name})
    return {
        "size": shown(figures.size),
        "as_of": today.isoformat(),
        "since": figures.since.isoformat() if figures.since else None,
        "entered": shown(figures.entered),
        "left": shown(figures.left),
        "where": [describe_condition(c, v, today.isoformat()) for c, v in segment.where.items()],
        "of": segment.of,
        "snapshots": len(snapshots),
        "charts": charts,
    }


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "empty" if value is None else str(value)


def describe_condition(column: str, condition: Condition, as_of: str = "today") -> str:
    """A segment condition in words: `accounts.renewal_date in the 90 days after today`."""
    parts = []
    for test in condition.tests:
        match test:
            case Equals(values=(value,)):
                parts.append(f"is {_word(value)}")
            case Equals(values=values):
                parts.append(f"is any of {_words(values)}")
            case Bound(op=op, value=value):
                parts.append(f"{_BOUND_WORDS[op]} {_word(value)}")
            case Within(days=days):
                side = "after" if days >= 0 else "before"
                parts.append(f"in the {abs(days)} days {side} {as_of}")
            case Excludes(values=values):
                parts.append(f"not {_words(values)}")
            case Exists(present=present):
                parts.append("is set" if present else "is empty")
    return f"{column} {' and '.join(parts)}"


_BOUND_WORDS = {"min": "at least", "max": "at most", "before": "before", "after": "after"}


def _words(values: tuple[Any, ...]) -> str:
    return ", ".join(_word(v) for v in values)
