"""What a persona page shows of its segment: size, moves and metrics over snapshots.

Built from the figures computed before pages (render.figures); aggregates only, never
member rows. A public render hides groups smaller than `min_group_size`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model.conditions import Bound, Condition, Equals, Excludes, Exists, Within
from ..charts import format_date, humanise, line_chart
from ..views import safe_name
from .base import Made

if TYPE_CHECKING:
    from ...model.data import DataConfig
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
        return Made(f"fewer than {floor}" if site.public and n < floor else n)

    snapshots = figures.snapshots
    hidden = {s.as_of for s in snapshots if site.public and s.size < floor}
    series: list[tuple[str, str, list[tuple[str, float | None]]]] = [
        (
            f"{segment.of[:1].upper()}{segment.of[1:]} in the segment",
            segment.of,
            [
                (s.as_of.isoformat(), None if s.as_of in hidden else float(s.size))
                for s in snapshots
            ],
        )
    ]
    for metric in segment.track:
        series.append(
            (
                f"{metric_label(data, metric)}, mean per member",
                "",
                [
                    (s.as_of.isoformat(), None if s.as_of in hidden else s.metrics.get(metric))
                    for s in snapshots
                ],
            )
        )
    hidden_on = {d.isoformat() for d in hidden}
    charts = []
    for i, (words, unit, points) in enumerate(series):
        title = site.text(words)  # the SVG is markup, never masked after it is built
        svg = line_chart(title, points, unit=site.text(unit), colour=i) if len(points) else ""
        if not svg:
            continue
        name = f"charts/{safe_name(persona.id)}-{i}.svg"
        if site.link.extension == ".md":
            site.assets[name] = svg
        rows = [
            (
                Made(format_date(when)),
                Made(_number(v)) if v is not None else _missing(when in hidden_on),
            )
            for when, v in points
        ]
        charts.append(
            {"title": title, "svg": svg, "href": "../" * page.count("/") + name, "rows": rows}
        )
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


def metric_label(data: DataConfig, metric: str) -> str:
    """A tracked column in words: its description in the config, else its name made
    readable (`users.active_days_28` → `Active days (28)`)."""
    table, _, column = metric.rpartition(".")
    conf = data.tables.get(table)
    described = conf.descriptions.get(column) if conf is not None else None
    return described or humanise(metric)


def _missing(hidden: bool) -> str:
    return "left out: a small group" if hidden else "not recorded"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


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
