"""`personakit render`: persona cards, journey maps, notes, decisions and an evidence index,
as a static HTML site or as GitHub-flavoured Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError

FORMATS = ("html", "md")


@dataclass
class RenderResult:
    out: Path
    pages: int
    errors: int  # lint errors (a draft renders anyway)
    written: bool


def render(
    root: str | Path | None = None,
    out: str | Path | None = None,
    *,
    fmt: str = "html",
    public: bool = False,
    draft: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render the workspace at `root` into `out` (default `ROOT/site`).

    With lint errors nothing is written (`written` is False) unless `draft`, which
    renders anyway and marks each finding where it applies.
    """
    from ..linter import lint
    from .pages import SiteBuilder
    from .writer import render_pages

    if fmt not in FORMATS:
        raise WorkspaceError(f"--format must be html or md (got {fmt!r})")
    result = lint(root, today=today)
    ws = result.workspace
    out_path = Path(out).resolve() if out is not None else ws.root / "site"
    if out_path == ws.root or ws.root.is_relative_to(out_path):
        raise WorkspaceError("--out must not be the workspace or a folder above it", str(out_path))
    errors = result.counts()["error"]
    if errors and not draft:
        return RenderResult(out_path, 0, errors, written=False)
    builder = SiteBuilder.for_workspace(
        ws, result.findings, ext=f".{fmt}", public=public, draft=draft
    )
    pages = builder.pages()
    count = render_pages(ws.root, pages, fmt, out_path, progress, builder.assets)
    return RenderResult(out_path, count, errors, written=True)
