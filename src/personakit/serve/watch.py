"""Watching the workspace for edits (watchfiles: inotify where there is one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..cache import CACHE_DIR

# A burst of saves (an editor writing a file and its backup) is one rebuild: changes are
# gathered until 50 ms pass without one, for at most 300 ms.
STEP_MS = 50
DEBOUNCE_MS = 300


def ignored(root: Path, serving: Path) -> list[Path]:
    """What no edit happens in: the cache a rebuild itself writes, and the served folder
    (should the temporary folder lie inside the workspace)."""
    return [root / CACHE_DIR, serving]


def changes(root: Path, serving: Path) -> Iterator[set[str]]:
    """The paths changed since the last batch, batch after batch; KeyboardInterrupt on
    Ctrl-C or SIGTERM."""
    import watchfiles

    quiet = watchfiles.DefaultFilter(ignore_paths=[str(p) for p in ignored(root, serving)])
    for batch in watchfiles.watch(
        root, watch_filter=quiet, debounce=DEBOUNCE_MS, step=STEP_MS, raise_interrupt=True
    ):
        yield {path for _change, path in batch}
