"""What a persona page shows of its segment: aggregates over user data and snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workspace import PersonaDoc
    from .pages import SiteBuilder


def segment_view(builder: SiteBuilder, persona: PersonaDoc, page: str) -> dict[str, Any] | None:
    """Who the persona is in the user data today: size, moves, metrics over snapshots.

    Aggregates only, never member rows; a public render hides groups smaller than
    `min_group_size`.
    """
    segment = persona.model.segment
    data = builder.ws.config.data
    if segment is None or data is None:
        return None
    from ..data.snapshots import read_snapshots
    from .charts import line_chart
    from .views import safe_name

    members = builder.members(persona.id)
    snapshots = read_snapshots(builder.ws.root, persona.id)
    floor = data.min_group_size

    def shown(n: int | None) -> str | None:
        if n is None:
            return None
        return f"fewer than {floor}" if builder.public and n < floor else str(n)

    # Moves since the last snapshot; when that snapshot is today's, the moves
    # between it and the one before say more.
    last = snapshots[-1] if snapshots else None
    current = members
    if last is not None and last.as_of >= builder.ws.today and len(snapshots) > 1:
        current, last = set(last.members), snapshots[-2]
    hidden = {s.as_of for s in snapshots if builder.public and s.size < floor}
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
        if builder.link.extension == ".md":
            builder.assets[name] = svg
        charts.append({"title": title, "svg": svg, "href": "../" * page.count("/") + name})
    return {
        "size": shown(len(members)),
        "as_of": builder.ws.today.isoformat(),
        "since": last.as_of.isoformat() if last else None,
        "entered": shown(len(current - last.members)) if last else None,
        "left": shown(len(last.members - current)) if last else None,
        "where": [
            describe_condition(c, v, builder.ws.today.isoformat()) for c, v in segment.where.items()
        ],
        "of": segment.of,
        "snapshots": len(snapshots),
        "charts": charts,
    }


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "empty" if value is None else str(value)


def describe_condition(column: str, condition: Any, as_of: str = "today") -> str:
    """A segment condition in words: `accounts.renewal_date in the 90 days after today`."""
    if isinstance(condition, list):
        return f"{column} is any of {', '.join(_word(v) for v in condition)}"
    if not isinstance(condition, dict):
        return f"{column} is {_word(condition)}"
    words = {
        "min": "at least",
        "max": "at most",
        "before": "before",
        "after": "after",
        "within": "within",
        "not": "not",
    }
    parts = []
    for op, value in condition.items():
        if op == "exists":
            parts.append("is set" if value else "is empty")
        elif op == "within":
            from ..data.config import parse_within

            days = parse_within(value)
            parts.append(f"in the {abs(days)} days {'after' if days >= 0 else 'before'} {as_of}")
        elif isinstance(value, list):
            parts.append(f"{words[op]} {', '.join(_word(v) for v in value)}")
        else:
            parts.append(f"{words[op]} {_word(value)}")
    return f"{column} {' and '.join(parts)}"
