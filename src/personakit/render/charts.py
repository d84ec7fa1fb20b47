"""Small line charts as inline SVG: no script, no external file, readable offline.

One chart per series (segment size, each tracked metric) over the snapshots, since
the series have different scales. Coordinates are rounded so the same data always
gives the same bytes.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD, TOP = 260, 96, 22, 34  # TOP leaves room for the title and labels
_FONT = 'font-family="sans-serif"'


def line_chart(title: str, points: list[tuple[str, float | None]]) -> str:
    """An SVG of `points` (label, value); missing values leave a gap in the line."""
    values = [v for _, v in points if v is not None]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    coords = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            continue
        x = PAD + i * step if len(points) > 1 else WIDTH / 2
        y = HEIGHT - PAD - (value - low) / span * (HEIGHT - PAD - TOP)
        coords.append((round(x, 1), round(y, 1), value))
    described = "; ".join(f"{label}: {_fmt(v)}" for label, v in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(title)}: {escape(described)}">',
        f"<title>{escape(title)}: {escape(described)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#d6dbe1"/>',
        f'<text x="6" y="14" font-size="11" {_FONT} fill="#1b1f24">{escape(title)}</text>',
    ]
    if len(coords) > 1:
        path = " ".join(f"{x},{y}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b5cad" stroke-width="2"/>')
    for x, y, value in coords:
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#0b5cad"/>')
        parts.append(
            f'<text x="{x}" y="{round(y - 6, 1)}" font-size="10" text-anchor="middle" '
            f'font-family="sans-serif" fill="#1b1f24">{escape(_fmt(value))}</text>'
        )
    first, last = points[0][0], points[-1][0]
    small = f'font-size="9" {_FONT} fill="#4a5360"'
    parts.append(f'<text x="{PAD}" y="{HEIGHT - 5}" {small}>{escape(first)}</text>')
    if len(points) > 1:
        parts.append(
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 5}" font-size="9" text-anchor="end" '
            f'font-family="sans-serif" fill="#4a5360">{escape(last)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# The colours of a playbook step's states, in STATES order (done .. at_risk).
STATE_COLOURS = {
    "done": "#2e7d32",
    "late": "#b26a00",
    "scheduled": "#0b5cad",
    "open": "#9aa5b1",
    "at_risk": "#c62828",
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
