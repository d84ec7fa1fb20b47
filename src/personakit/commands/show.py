"""`personakit show PERSONA`: the card in the terminal."""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkspaceError


def run(root: Path | None, persona_id: str) -> int:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.text import Text

    from ..render.pages import SiteBuilder
    from ..workspace import load_workspace

    ws = load_workspace(root)
    if persona_id not in ws.personas:
        known = ", ".join(sorted(ws.personas)) or "none"
        raise WorkspaceError(f"no persona {persona_id!r} (personas: {known})")
    builder = SiteBuilder.for_workspace(ws, [], ext=".html")
    page = builder.persona(ws.personas[persona_id]).context
    persona, strength = page["persona"], page["strength"]
    parts: list[object] = [Text(persona["role"], style="italic")]
    facts = [f"priority {persona['priority']}"]
    if persona["buying_influence"]:
        facts.append(f"buying influence {persona['buying_influence']}")
    if persona["context"]:
        facts.append("arrives " + ", ".join(persona["context"]))
    parts.append(Text(" · ".join(facts), style="dim"))
    parts.append(
        Text(
            f"Evidence: {strength['claims']} claims, {strength['voices']} distinct voices, "
            f"{', '.join(strength['kinds']) or 'no kinds'}, newest {strength['newest'] or 'none'}",
            style="dim",
        )
    )
    for section in page["sections"]:
        parts.append(Text(f"\n{section['title']}", style="bold"))
        for claim in section["claims"]:
            line = Text("• ")
            line.append(claim.text)
            if claim.count:
                line.append(f"  [{claim.count.label}]", style="cyan")
            line.append(
                f"  {len(claim.quotes)} quote{'s' if len(claim.quotes) != 1 else ''}", style="dim"
            )
            for badge in claim.badges:
                line.append(f"  {badge}", style="green" if badge == "triangulated" else "yellow")
            parts.append(line)
            for quote in claim.quotes[:2]:
                parts.append(
                    Text(
                        f"    “{quote.text}” — {quote.participant}, {quote.kind}, {quote.date}",
                        style="dim",
                    )
                )
    if page["decisions"]:
        parts.append(Text("\nDecisions", style="bold"))
        for decision in page["decisions"]:
            parts.append(Text(f"• {decision['title']} ({decision['status']}, {decision['date']})"))
    Console().print(Panel(Group(*parts), title=persona["name"], title_align="left"))
    return 0
