"""Watching the workspace for edits (watchfiles: inotify where there is one), folder by
folder, never through a symbolic link."""

from __future__ import annotations

import os
import stat
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


def folders(root: Path, skipped: list[Path]) -> dict[str, int]:
    """Every folder of the workspace that can be listed (path → inode), reached without a symbolic
    link: a clone's link to `/`, to a home folder or to itself is never followed (the
    system's watcher, watching recursively, would follow it and walk everything it
    leads to before the first page is served). Folders no edit is looked for in (the
    cache, the served folder, `.git/` and the like) are left out."""
    import watchfiles

    names = set(watchfiles.DefaultFilter.ignore_dirs)
    left_out = {os.path.realpath(path) for path in skipped}
    found: dict[str, int] = {}
    stack = [os.path.realpath(root)]
    while stack:
        path = stack.pop()
        try:
            inode = os.stat(path, follow_symlinks=False).st_ino
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:
            continue  # gone, or not readable: nothing in it can be watched either
        found[path] = inode
        for entry in entries:
            try:
                folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if folder and entry.name not in names and entry.path not in left_out:
                stack.append(entry.path)
    return found


def changes(root: Path, serving: Path, notice: Callable[[str], None] = print) -> Iterator[set[str]]:
    """First an empty set once the watcher is in place (an edit from then on is seen),
    then the paths changed since the last batch, batch after batch; KeyboardInterrupt
    on Ctrl-C or SIGTERM. Each folder of the workspace is watched on its own, never
    through a link (`folders`); a batch that names a folder (one made, moved in, or made
    again) starts the watch over with the folders as they now are, and names every file
    already in them. Where the system's watcher cannot start (no inotify, its limit of
    watches reached), the workspace is polled instead, and `notice` says so."""
    import watchfiles

    skipped = ignored(root, serving)
    # as given and as the watcher names them: each folder is watched by its real path
    quiet = watchfiles.DefaultFilter(
        ignore_paths=sorted({str(p) for p in skipped} | {os.path.realpath(p) for p in skipped})
    )
    ready = False
    polling: bool | None = None  # watchfiles' own choice (its environment variable)
    pending: set[str] = set()  # named before a restart, handed on after it
    grown: list[str] = []  # folders that started the restart, walked once it is in place
    while True:
        watched = folders(root, skipped)
        try:
            for batch in watchfiles.watch(
                *sorted(watched),
                watch_filter=quiet,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=WAKE_MS,
                yield_on_timeout=True,
                raise_interrupt=True,
                force_polling=polling,
                recursive=False,
            ):
                named = pending | {path for _change, path in batch}
                # a folder this watch does not watch (new, or made again since the walk)
                made = [p for p in named if _folder_inode(p) not in (None, watched.get(p))]
                # in place now: what the new folders already hold is named
                named |= _everything_under(grown, skipped)
                pending, grown = set(), []
                if made and ready:
                    pending, grown = named, made
                    break
                if named or not ready:
                    ready = True
                    yield named
            else:
                return
        except FileNotFoundError:
            if not ready:
                raise
            continue  # a folder went away between the walk and the watch: walk again
        except OSError as exc:
            if ready or polling:
                raise
            polling = True
            notice(f"cannot watch the workspace for changes ({exc}); polling it instead")


def _folder_inode(path: str) -> int | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_ino if stat.S_ISDIR(info.st_mode) else None


def _everything_under(tops: list[str], skipped: list[Path]) -> set[str]:
    found: set[str] = set()
    for top in tops:
        for folder in folders(Path(top), skipped):
            found.add(folder)
            try:
                with os.scandir(folder) as listing:
                    found.update(entry.path for entry in listing)
            except OSError:
                continue
    return found


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
