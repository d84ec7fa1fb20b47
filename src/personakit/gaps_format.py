"""`personakit gaps` output: text for the terminal, JSON for scripts (stable, see
docs/gaps.md), Markdown to paste into an issue."""

from __future__ import annotations

import json
import re
from typing import Any

from .gaps import KINDS, Gap

# What each kind of gap is called in the text and Markdown outputs.
TITLES = {
    "stale": "stale claim",
    "single-voice": "single-voice claim",
    "single-kind": "claim with one kind of evidence",
    "count": "count to state",
    "empty-cell": "empty journey cell",
    "uncited-tag": "candidate claim",
}
PLURALS = {
    "stale": "stale claims",
    "single-voice": "single-voice claims",
    "single-kind": "claims with one kind of evidence",
    "count": "counts to state",
    "empty-cell": "empty journey cells",
    "uncited-tag": "candidate claims",
}
JSON_VERSION = 1
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def count_yaml(count: dict[str, Any]) -> str:
    """`count: {n: 4, of: 6, tag: x, among: {role: y}}`, written by the YAML writer."""
    import yaml

    dumped = yaml.safe_dump(
        {"count": count}, default_flow_style=True, sort_keys=False, width=10**6
    ).strip()
    return dumped[1:-1]


def summary(gaps: list[Gap]) -> dict[str, int]:
    """How many gaps of each kind, every kind listed."""
    return {kind: sum(1 for g in gaps if g.kind == kind) for kind in KINDS}


def as_json(gaps: list[Gap], persona: str | None, as_of: str) -> str:
    """The JSON document: version, as_of, persona, ranked gaps, summary."""
    payload = {
        "version": JSON_VERSION,
        "as_of": as_of,
        "persona": persona,
        "gaps": [{"rank": i, **g.as_dict()} for i, g in enumerate(gaps, start=1)],
        "summary": summary(gaps),
    }
    return json.dumps(payload, indent=2) + "\n"


def as_text(gaps: list[Gap]) -> str:
    """The ranked list for a terminal (workspace text escaped by the caller's `plain`)."""
    from .terminal import plain

    if not gaps:
        return "No gaps: every claim has more than one voice, and nothing is left uncited.\n"
    out: list[str] = []
    for rank, gap in enumerate(gaps, start=1):
        out.append(f"{rank}. {TITLES[gap.kind]} · {gap.path}:{gap.line} · {plain(gap.subject)}")
        out.append(f"   {plain(gap.text)}")
        out.append(f"   → {plain(gap.close)}")
        if gap.count is not None:
            out.append(f"     {plain(count_yaml(gap.count))}")
        for quote in gap.quotes:
            tags = " ".join(f"#{t}" for t in quote.shared_tags)
            out.append(
                f"     - {plain(quote.ref)} ({plain(quote.participant)}, {quote.kind}, "
                f"{quote.date.isoformat()}; {plain(tags)}): {plain(_short(quote.text))}"
            )
    out.append("")
    out.append(_summary_line(gaps))
    return "\n".join(out) + "\n"


def as_markdown(gaps: list[Gap]) -> str:
    """A checklist to paste into an issue."""
    if not gaps:
        return "No evidence gaps.\n"
    out = ["## Evidence gaps", ""]
    for gap in gaps:
        out.append(
            f"- [ ] **{TITLES[gap.kind]}** `{_code(gap.subject)}` "
            f"({_code(gap.path)}:{gap.line}): {_md(gap.text)}"
        )
        out.append(f"  - {_md(gap.close)}")
        if gap.count is not None:
            out.append(f"  - `{_code(count_yaml(gap.count))}`")
        for quote in gap.quotes:
            out.append(
                f"  - `{_code(quote.ref)}` ({_md(quote.participant)}, {quote.kind}, "
                f"{quote.date.isoformat()}): “{_md(_short(quote.text))}”"
            )
    out += ["", _summary_line(gaps)]
    return "\n".join(out) + "\n"


def _summary_line(gaps: list[Gap]) -> str:
    parts = [f"{n} {(TITLES if n == 1 else PLURALS)[k]}" for k, n in summary(gaps).items() if n]
    return f"{len(gaps)} gap{'s' if len(gaps) != 1 else ''}: " + ", ".join(parts) + "."


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _md(text: str) -> str:
    """Workspace text as Markdown shows it literally, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str) -> str:
    """Text for inside a code span: no backticks, one line."""
    return " ".join(text.replace("`", "'").split())
