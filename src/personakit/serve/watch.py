"""Watching the workspace for edits (watchfiles: inotify where there is one)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..cache import CACHE_DIR

# A burst of saves (an editor writing a file and its backup) is one rebuild: changes are
# gathered until 50 ms pass without one, for at most 300 ms.
STEP_MS = 50
DEBOUNCE_MS = 300
# How often the wait wakes up without a change (so that the first wake-up says the
# watcher is in place).
WAKE_MS = 200


def ignored(root: Path, serving: Path) -> list[Path]:
    """What no edit happens in: the cache a rebuild itself writes, and the served folder
    (should the temporary folder lie inside the workspace)."""
    return [root / CACHE_DIR, serving]


def changes(root: Path, serving: Path, notice: Callable[[str], None] = print) -> Iterator[set[str]]:
    """First an empty set once the watcher is in place (an edit from then on is seen),
    then the paths changed since the last batch, batch after batch; KeyboardInterrupt
    on Ctrl-C or SIGTERM. Where the system's watcher cannot start (no inotify, its
    limit of watches reached), the workspace is polled instead, and `notice` says so."""
    import watchfiles

    quiet = watchfiles.DefaultFilter(ignore_paths=[str(p) for p in ignored(root, serving)])
    ready = False
    polling: bool | None = None  # watchfiles' own choice (its environment variable)
    while True:
        try:
            for batch in watchfiles.watch(
                root,
                watch_filter=quiet,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=WAKE_MS,
                yield_on_timeout=True,
                raise_interrupt=True,
                force_polling=polling,
            ):
                if batch or not ready:
                    ready = True
                    yield {path for _change, path in batch}
            return
        except OSError as exc:
            if ready or polling:
                raise
            polling = True
            notice(f"cannot watch the workspace for changes ({exc}); polling it instead")


def relative(root: Path, paths: set[str]) -> list[str]:
    """The changed paths inside the workspace, relative to its root (links resolved, as
    the workspace's own paths are compared)."""
    base = os.path.realpath(root)
    found = []
    for path in paths:
        rel = os.path.relpath(os.path.realpath(path), base)
        if rel != os.curdir and not rel.startswith(os.pardir):
            found.append(Path(rel).as_posix())
    return found
