"""What a cached answer depended on, as file stats, and whether it still holds.

Standard library only: a lint replayed from the cache (replay.py) checks its inputs
before anything heavy is imported.

A stat is `[inode, size, mtime_ns, ctime_ns]`, or None for a path that was absent. The
change time cannot be set back by hand (`touch -d`), and moves on chmod too, so it
closes what the modification time leaves open. Names are relative to the workspace
root (a folder's with its trailing `/`), or `\\0` + an absolute path for a path given
on the command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping

Stat = list[int] | None


def stat_of(path: str) -> Stat:
    """The stat of what is at `path` (links followed, as the loader reads), or None."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def where(prefix: str, name: str) -> str:
    """Where a recorded name is: a path given on the command line (`\\0` + absolute),
    else a path under the root (`prefix`, the root with a trailing separator)."""
    return name[1:] if name[:1] == "\0" else prefix + name


def unchanged(stats: Mapping[str, Stat], root: str) -> bool:
    """Whether every recorded path under `root` has the stat it had."""
    prefix = str(root) + os.sep
    return all(stat_of(where(prefix, name)) == recorded for name, recorded in stats.items())


def code_stamp() -> str:
    """A digest of personakit's own source files' names, sizes and mtimes: a checkout
    whose rules were edited keeps its version number, yet must not replay old answers."""
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(digest_size=8)
    stack = [package]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                st = entry.stat()
                digest.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
            elif entry.is_dir() and not entry.name.startswith((".", "__pycache__")):
                stack.append(entry.path)
    return digest.hexdigest()


# Set by the shell or changed by it between two identical commands: not part of a key.
_VOLATILE_ENV = {"_", "PWD", "OLDPWD", "SHLVL"}


def invocation_entry(kind: str, argv: list[str]) -> tuple[str, str]:
    """The cache entry name of a command line's kept answer of `kind` (`replay`,
    `plan`), and the digest of its whole key, which the entry holds: the arguments, the
    current folder, the environment, which of stdin, stdout and stderr are terminals,
    the day, and personakit's version and source files. The environment makes the key
    one that a cache planted in a cloned workspace cannot name."""
    from . import __version__

    env = sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE_ENV)
    ttys = [_isatty(fd) for fd in (0, 1, 2)]
    day = time.strftime("%Y-%m-%d")
    key = [kind, __version__, code_stamp(), list(argv), os.getcwd(), env, ttys, day]
    blob = json.dumps(key, ensure_ascii=False).encode("utf-8", "surrogateescape")
    digest = hashlib.blake2b(blob, digest_size=32).hexdigest()
    return f"{kind}-{digest[:24]}.json", digest


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False
