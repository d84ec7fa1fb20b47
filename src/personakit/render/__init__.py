"""`personakit render`: persona cards, journey maps, notes, decisions and an evidence index,
as a static HTML site or as GitHub-flavoured Markdown."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..fs import check_name, is_inside

if TYPE_CHECKING:
    from ..linter import LintResult
    from .delta import Kept

FORMATS = ("html", "md")
# Folders of a workspace that hold its sources: a site written there would be read
# back as notes, or replacing it would delete them.
SOURCE_FOLDERS = (
    "interviews",
    "personas",
    "journeys",
    "decisions",
    "sources",
    "data",
    "segments",
    "templates",
    ".git",
)


@dataclass
class RenderResult:
    """Where a render went, how many pages it made, and the lint errors it saw."""

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
    cache: bool = True,
    parallel: bool = False,
) -> RenderResult:
    """Render the workspace at `root` into `out` (default `ROOT/site`).

    With lint errors nothing is written (`written` is False) unless `draft`, which
    renders anyway and marks each finding where it applies. With `cache`, pages whose
    inputs did not change since the last render into `out` are taken over, not redone.
    With `parallel`, a large site is rendered on every core (see render/parallel.py).
    """
    from ..lint_cache import now_ns
    from ..linter import lint
    from .delta import rerender
    from .incremental import fingerprint

    if fmt not in FORMATS:
        raise WorkspaceError(f"--format must be html or md (got {fmt!r})")
    if out is not None:
        check_name(out, "--out")
    started = now_ns()
    # Kept for the next render only where it can check it against the files: a public
    # edition masks the prose, which needs the whole site model (render/delta.py).
    keep: list[Kept] | None = None
    print_ = None
    if cache and not public:
        root_path = _root(root)
        day = today or dt.date.today()
        out_path = output_folder(root_path, out)
        again = rerender(root_path, out_path, fmt, draft, day)
        if again is not None:
            return RenderResult(out_path, *again, written=True)
        keep, print_ = [], fingerprint(root_path, fmt)
    result = lint(root, today=today, notes_cache=cache)
    try:
        return _render(
            result, out, fmt, public, draft, progress, cache, parallel, keep, print_, started
        )
    finally:
        # The data engine lint opened is render's alone: closed here, or its files
        # stay open for as long as a program calling render() runs.
        if result.session is not None:
            result.session.close()


def _render(
    result: LintResult,
    out: str | Path | None,
    fmt: str,
    public: bool,
    draft: bool,
    progress: Callable[[int, int], None] | None,
    cache: bool,
    parallel: bool,
    keep: list[Kept] | None,
    print_: str | None,
    started: int,
) -> RenderResult:
    """The render after its lint: pages built from lint's findings and the figures."""
    from ..cache import Cache
    from ..gc_pause import paused_gc
    from .delta import remember
    from .figures import compute_figures
    from .pages import build_site, site_builders
    from .writer import render_pages

    ws = result.workspace
    out_path = output_folder(ws.root, out)
    errors = result.counts()["error"]
    if errors and not draft:
        return RenderResult(out_path, 0, errors, written=False)
    # One way: lint's findings and the data figures first, then pages built from them
    # alone (no rule re-decided, no file or database read), then templates.
    session = result.session
    # The site model adds hundreds of thousands of objects to the workspace's: the
    # cyclic collector would scan them all again and again while they are built.
    with paused_gc():
        figures = compute_figures(session)
        site = build_site(
            session, result.findings, figures, ext=f".{fmt}", public=public, draft=draft
        )
        store = Cache(ws.root) if cache else None
        count = render_pages(
            ws.root,
            (),
            fmt,
            out_path,
            progress,
            site.assets,
            store,
            parallel,
            builders=site_builders(site),
            keep=keep,
        )
    done = RenderResult(out_path, count, errors, written=True)
    if store is not None and keep is not None:
        remember(store, result, out_path, fmt, draft, count, errors, print_, keep, started)
    return done


def _root(root: str | Path | None) -> Path:
    """The workspace root a render of `root` reads, resolved as lint resolves it."""
    from ..workspace.root import root_of

    if root is not None:
        check_name(root)
    return root_of(root)


def output_folder(root: Path, out: str | Path | None) -> Path:
    """Where a render writes: `out`, or `ROOT/site` by default, checked (`check_out`).
    The default is never reached through a symbolic link: a cloned repository could
    carry `site` as a link out of the workspace, and the site would be written there.
    A folder named with `--out` is the user's choice, link or not."""
    if out is not None:
        return check_out(root, Path(out))
    default = root / "site"
    if os.path.islink(default):
        raise WorkspaceError(
            "is a symbolic link; personakit does not render through it by default "
            "(remove it, or name the folder with --out)",
            "site",
        )
    return check_out(root, default)


def check_out(root: Path, out: Path) -> Path:
    """The output folder, resolved, refused where a site would overwrite or be read as
    the workspace's own files: the root, a folder above it, or a source folder."""
    check_name(out, "--out")
    resolved = Path(os.path.realpath(out))
    real_root = Path(os.path.realpath(root))
    if is_inside(resolved, real_root):
        raise WorkspaceError("--out must not be the workspace or a folder above it", str(out))
    if is_inside(real_root, resolved):
        first = resolved.relative_to(real_root).parts[0]
        if first in SOURCE_FOLDERS:
            raise WorkspaceError(
                f"--out must not be inside the workspace's {first}/ folder "
                "(the site would be read back or would replace sources)",
                str(out),
            )
    return resolved
