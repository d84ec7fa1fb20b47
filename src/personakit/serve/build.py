"""One rebuild of the served site: lint, then the pages of a draft, written into the
serving folder through render's own incremental writer (unchanged pages are taken
over from the previous rebuild; the folder is swapped in whole)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..cli.failure import describe_os_error, one_line
from ..errors import WorkspaceError
from ..workspace.memory import WorkspaceMemory

Inodes = dict[str, int]


@dataclass
class Build:
    """What one rebuild did: its pages, how many it rewrote, lint's counts, its time;
    or the one-line error that kept it from replacing the last good site."""

    seconds: float
    pages: int = 0
    rewritten: int = 0
    counts: dict[str, int] | None = None
    error: str | None = None

    def status(self, verb: str = "rebuilt") -> str:
        """The one-line status the terminal prints for this rebuild."""
        took = f"{self.seconds:.2f} s"
        if self.error is not None:
            kept = (
                "still serving the last good site" if verb == "rebuilt" else "nothing to serve yet"
            )
            return f"not {verb} ({took}): {self.error}; {kept}"
        counts = self.counts or {}
        found = ", ".join(
            f"{n} {kind}{'s' if n != 1 and kind != 'info' else ''}" for kind, n in counts.items()
        )
        return f"{verb} in {took}: {self.pages} pages, {self.rewritten} rewritten; lint: {found}"


def build(
    root: Path,
    out: Path,
    *,
    public: bool,
    draft: bool,
    memory: WorkspaceMemory | None = None,
) -> Build:
    """Render the workspace at `root` into `out` as a draft (every finding marked on its
    page); without `draft` the persona pages leave out the gaps section, the one part
    of a draft that is a to-do list rather than a finding. A user's mistake (a file that
    cannot be read, a template error) leaves `out` as it was and is returned. `memory`
    holds the workspace between rebuilds: only files that changed are read again."""
    from ..cache import Cache
    from ..linter import lint
    from ..render.figures import compute_figures
    from ..render.pages import build_site, site_pages
    from ..render.writer import render_pages

    start = time.monotonic()
    before = inodes(out)
    try:
        result = lint(root, notes_cache=True, memory=memory)
        site = build_site(
            result.session,
            result.findings,
            compute_figures(result.session),
            ext=".html",
            public=public,
            draft=True,
        )
        pages = site_pages(site)
        if not draft:
            for page in pages:
                if "gaps" in page.context:
                    page.context["gaps"] = []
        ws_root = result.workspace.root
        count = render_pages(ws_root, pages, "html", out, None, site.assets, Cache(ws_root), True)
    except WorkspaceError as exc:
        return Build(time.monotonic() - start, error=one_line(str(exc)))
    except OSError as exc:
        return Build(time.monotonic() - start, error=describe_os_error(exc))
    except Exception as exc:  # a bug must not stop the preview either; it says what it was
        return Build(
            time.monotonic() - start,
            error=f"internal error: {type(exc).__name__}: {one_line(str(exc))[:300]}",
        )
    after = inodes(out)
    rewritten = sum(1 for page in pages if before.get(page.path) != after.get(page.path))
    return Build(time.monotonic() - start, count, rewritten, result.counts())


def inodes(folder: Path) -> Inodes:
    """Every regular file under `folder` (relative path → inode); a page taken over
    from the last rebuild is a hard link, so it keeps its inode."""
    found: Inodes = {}
    stack = [(str(folder), "")]
    while stack:
        path, rel = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            name = f"{rel}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, name + "/"))
            elif entry.is_file(follow_symlinks=False):
                found[name] = entry.inode()
    return found
