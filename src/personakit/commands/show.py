"""`personakit show PERSONA`: the card in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import WorkspaceError
from ..suggest import hint
from ..terminal import plain
from .options import RootOption, complete_persona, workspace_root


def show(
    ctx: typer.Context,
    persona_id: Annotated[
        str,
        typer.Argument(
            metavar="PERSONA", help="The persona's id.", autocompletion=complete_persona
        ),
    ],
    root: RootOption = None,
) -> int:
    """Show a persona card in the terminal."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from ..color import console
    from ..linter import lint
    from ..render.figures import compute_figures
    from ..render.pages import build_site, persona_page

    # Every piece of the card is a `Text` built from `plain(...)`: Rich never parses
    # workspace text as markup, and control characters are shown as escapes.
    def text(value: object, style: str = "") -> Text:
        return Text(plain(str(value)), style=style)

    # The card's badges are lint's findings, as on the rendered page.
    result = lint(workspace_root(ctx, root))
    session = result.session
    ws = session.workspace
    broken = ws.load_problems("personas", persona_id)
    if broken:  # read only in part: the card would silently lack what could not be read
        first = broken[0]
        raise WorkspaceError(
            f"persona {persona_id!r} cannot be shown: {first.message} (see `personakit lint`)",
            first.path,
            first.line,
        )
    if persona_id not in ws.personas:
        known = ", ".join(sorted(ws.personas)) or "none"
        more = hint(persona_id, ws.personas)
        raise WorkspaceError(f"no persona {persona_id!r}{more} (personas: {known})")
    site = build_site(session, result.findings, compute_figures(session), ext=".html")
    page = persona_page(site, ws.personas[persona_id]).context
    persona, strength = page["persona"], page["strength"]
    parts: list[Text] = [text(persona["role"], "italic")]
    facts = [f"priority {persona['priority']}"]
    if persona["buying_influence"]:
        facts.append(f"buying influence {persona['buying_influence']}")
    if persona["context"]:
        facts.append("arrives " + ", ".join(persona["context"]))
    parts.append(text(" · ".join(facts), "dim"))
    parts.append(
        text(
            f"Evidence: {strength['claims']} claims, {strength['voices']} distinct voices, "
            f"{', '.join(strength['kinds']) or 'no kinds'}, newest {strength['newest'] or 'none'}",
            "dim",
        )
    )
    for section in page["sections"]:
        parts.append(text(f"\n{section['title']}", "bold"))
        for claim in section["claims"]:
            line = Text("• ")
            line.append(plain(claim.text))
            if claim.count:
                line.append(plain(f"  [{claim.count.label}]"), style="cyan")
            line.append(
                f"  {len(claim.quotes)} quote{'s' if len(claim.quotes) != 1 else ''}", style="dim"
            )
            for badge in claim.badges:
                line.append(
                    plain(f"  {badge}"), style="green" if badge == "triangulated" else "yellow"
                )
            parts.append(line)
            # Every quote, each with who said it (the participant's code) and where.
            for quote in claim.quotes:
                said = ", ".join(v for v in (quote.participant, quote.kind, quote.date) if v)
                parts.append(text(f"    “{quote.text}” — {said} ({quote.ref})", "dim"))
    if page["decisions"]:
        parts.append(text("\nDecisions", "bold"))
        for decision in page["decisions"]:
            parts.append(text(f"• {decision['title']} ({decision['status']}, {decision['date']})"))
    # A string title would be parsed as markup: give Rich a Text.
    console().print(Panel(Group(*parts), title=text(persona["name"]), title_align="left"))
    return 0
