"""`personakit render`."""

from __future__ import annotations

import contextlib
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..interrupts import terminate_as_interrupt
from .options import RootOption, workspace_root


class RenderFormat(StrEnum):
    """What `render` writes: a static HTML site or a set of Markdown files."""

    html = "html"
    md = "md"


def render(
    ctx: typer.Context,
    output_format: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="html or md.")
    ] = RenderFormat.html,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Output folder (default: ROOT/site)."),
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out internal notes and quotes; mask personal data."),
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Render despite lint errors, marking each finding.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Render every page again instead of taking unchanged ones over from "
            "the last render (also PERSONAKIT_NO_CACHE=1).",
        ),
    ] = False,
    root: RootOption = None,
) -> int:
    """Write persona cards, journey maps, notes, decisions and an evidence index."""
    from ..render import render as render_site

    fmt = output_format.value

    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        from ..color import console

        # Refreshed by the callback, not by a thread of its own: render forks its
        # workers only while no other thread runs (render/forked.py).
        bar = Progress(transient=True, auto_refresh=False, console=console(stderr=True))
        task = bar.add_task("Rendering", total=None)
        bar.start()
        bar.refresh()
        shown = [0.0]

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            now = time.monotonic()
            if now - shown[0] >= 0.1 or done >= total:
                shown[0] = now
                bar.refresh()

    try:
        with terminate_as_interrupt():
            result = render_site(
                workspace_root(ctx, root),
                out,
                fmt=fmt,
                public=public,
                draft=draft,
                progress=progress,
                cache=not no_cache,
                parallel=True,
            )
    finally:
        if bar is not None:
            bar.stop()
    if not result.written:
        print(
            f"personakit: {result.errors} lint error(s); nothing rendered. Fix them "
            "(`personakit lint`) or render a marked-up draft with --draft.",
            file=sys.stderr,
        )
        return 1
    where = result.out
    with contextlib.suppress(ValueError):
        where = result.out.relative_to(Path.cwd())
    kind = "draft " if draft else ("public " if public else "")
    index = "index.html" if fmt == "html" else "index.md"
    print(
        f"Rendered a {kind}{'site' if fmt == 'html' else 'Markdown set'} of {result.pages} pages "
        f"into {where}/ (open {where}/{index})."
    )
    return 0
