"""Small line charts as inline SVG: no script, no external file, readable offline.

One chart per series (segment size, each tracked metric) over the snapshots, since
the series have different scales. Labels are words (`Active days (28)`, never
`users.active_days_28`), dates are written out (`24 Oct 2026`), each point names its
value in a `<title>` (shown on hover, read by screen readers), and the colours come
from a palette told apart with every common colour-vision deficiency. Coordinates are
rounded so the same data always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

WIDTH, HEIGHT = 300, 140
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 30, 24  # room for the y values, title and dates
_FONT = 'font-family="system-ui, sans-serif"'
# Okabe and Ito's palette (blue, vermilion, bluish green, reddish purple, orange), the
# darker ones first: each has 3:1 contrast or more against white.
PALETTE = ("#0072b2", "#d55e00", "#007a5e", "#b0578f", "#a86a00")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: str) -> str:
    """`2026-10-24` → `24 Oct 2026` (the same in every locale); other text as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def humanise(column: str) -> str:
    """`users.active_days_28` → `Active days (28)`, `users.nps` → `NPS`: a column name
    in words, for a column the config does not describe."""
    name = column.rsplit(".", 1)[-1]
    words = [w for w in re.split(r"[_\W]+", name) if w]
    if not words:
        return column
    numbers: list[str] = []
    while words and words[-1].isdigit() and len(words) > 1:
        numbers.insert(0, words.pop())
    shown = [w.upper() if not re.search(r"[aeiouy\d]", w, re.I) else w.lower() for w in words]
    if shown[0].islower():
        shown[0] = shown[0][:1].upper() + shown[0][1:]
    text = " ".join(shown)
    return f"{text} ({', '.join(numbers)})" if numbers else text


def line_chart(
    title: str, points: list[tuple[str, float | None]], *, unit: str = "", colour: int = 0
) -> str:
    """An SVG of `points` (ISO date or label, value) titled `title`; missing values
    leave a gap in the line. `unit` follows each value in its `<title>` ("12 users")."""
    values = [v for _, v in points if v is not None]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)
    stroke = PALETTE[colour % len(PALETTE)]
    coords = []
    for i, (label, value) in enumerate(points):
        if value is None:
            continue
        x = LEFT + i * step if len(points) > 1 else LEFT + inner_w / 2
        y = TOP + inner_h - (value - low) / span * inner_h
        coords.append((round(x, 1), round(y, 1), label, value))

    def said(value: float | None) -> str:
        return f"{_fmt(value)} {unit}".strip() if value is not None else "no value"

    described = "; ".join(f"{format_date(label)}: {said(v)}" for label, v in points)
    small = f'font-size="10" {_FONT} class="chart-muted" fill="#4a5360"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(title)}: {escape(described)}" '
        'class="line-chart">',
        f"<title>{escape(title)}: {escape(described)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" rx="6" class="chart-bg" '
        'fill="#ffffff" stroke="#d6dbe1"/>',
        f'<text x="10" y="18" font-size="12" font-weight="600" {_FONT} class="chart-ink" '
        f'fill="#1b1f24">{escape(title)}</text>',
    ]
    # the value axis: the lowest and highest values, with faint guide lines
    for value, y in ((high, TOP), (low, TOP + inner_h)) if high != low else ((high, TOP),):
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" class="chart-grid" '
            'stroke="#e3e7ec"/>'
        )
        tick = escape(_fmt(value))
        parts.append(f'<text x="{LEFT - 6}" y="{y + 3}" text-anchor="end" {small}>{tick}</text>')
    if len(coords) > 1:
        path = " ".join(f"{x},{y}" for x, y, _, _ in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="2.5" '
            'stroke-linejoin="round"/>'
        )
    for x, y, label, value in coords:
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="{stroke}" class="chart-point">'
            f"<title>{escape(format_date(label))}: {escape(said(value))}</title></circle>"
        )
    first, last = format_date(points[0][0]), format_date(points[-1][0])
    base = HEIGHT - 7
    if len(points) > 1:
        parts.append(f'<text x="{LEFT}" y="{base}" {small}>{escape(first)}</text>')
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{base}" text-anchor="end" {small}>{escape(last)}</text>'
        )
    else:
        parts.append(
            f'<text x="{LEFT + inner_w / 2}" y="{base}" text-anchor="middle" {small}>'
            f"{escape(first)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# The colours of a playbook step's states, in STATES order (done .. at_risk): from the
# same palette as the charts, so that done and at risk are told apart without telling
# red from green (bluish green against vermilion), and open a neutral grey. The counts
# are written beside each bar in words as well.
STATE_COLOURS = {
    "done": PALETTE[2],
    "late": PALETTE[4],
    "scheduled": PALETTE[0],
    "open": "#9aa5b1",
    "at_risk": PALETTE[1],
}
BAR_WIDTH, BAR_HEIGHT = 260, 14


def state_bar(title: str, parts: list[tuple[str, int]]) -> str:
    """A horizontal bar of `parts` (state, count) in proportion, each with its colour; an
    empty string when there is nothing to draw."""
    total = sum(n for _, n in parts)
    if total <= 0:
        return ""
    described = "; ".join(f"{state.replace('_', ' ')}: {n}" for state, n in parts)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" '
        f'width="{BAR_WIDTH}" height="{BAR_HEIGHT}" role="img" '
        f'aria-label="{escape(title)}: {escape(described)}">',
        f"<title>{escape(title)}: {escape(described)}</title>",
    ]
    x = 0.0
    for state, n in parts:
        if n <= 0:
            continue
        width = BAR_WIDTH * n / total
        colour = STATE_COLOURS.get(state, "#4a5360")
        out.append(
            f'<rect x="{round(x, 1)}" y="0" width="{round(width, 1)}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"/>'
        )
        x += width
    out.append("</svg>")
    return "".join(out)
