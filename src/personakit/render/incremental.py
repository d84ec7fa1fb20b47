"""Re-render only what changed: a page whose inputs are the same as last time is taken
over from the previous site as it is (a hard link: same bytes, same mtime).

A page's key hashes everything its bytes depend on: personakit's version and built-in
templates, the workspace's `templates/` overrides, the format, the page's template name
and its whole context. The previous render's keys live in the cache (`render-*.json`),
with each file's inode, size and mtime: a file is taken over only while it is still
exactly the file that render wrote, so an edited, replaced or planted file (or a planted
cache entry) is rendered again, never trusted. The site is still swapped in whole
(render/output.py); only the work is saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from .. import __version__
from ..cache import Cache
from ..errors import WorkspaceError
from ..scaffold.templates import BUILTIN, OVERRIDES
from ..workspace.reading import Skipped, Walker, read_bytes
from .page import Page

Stat = tuple[int, int, int]  # inode, size, mtime in ns


def fingerprint(root: Path, fmt: str) -> str | None:
    """What every page of format `fmt` depends on besides its own context; None when the
    workspace's templates cannot all be read (then nothing is taken over)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{fmt}\0".encode())
    # Every built-in file, the stylesheet too: a page's bytes and the static files both
    # come from them (a render redone after prose edits writes no static file).
    for path in sorted(p for p in BUILTIN.rglob("*") if p.is_file()):
        digest.update(path.relative_to(BUILTIN).as_posix().encode() + b"\0" + path.read_bytes())
    walker = Walker(str(root))
    try:
        for found in walker.files(OVERRIDES, ("",), recursive=True):
            shown = walker.rel(found)
            digest.update(b"\1" + shown.encode("utf-8", "surrogateescape") + b"\0")
            digest.update(read_bytes(found, shown))
    except (WorkspaceError, Skipped):
        return None
    return digest.hexdigest()


def page_key(print_: str | None, page: Page) -> str | None:
    """The key of `page` given the format's fingerprint; None if its context holds a
    value that cannot be written down exactly (it is then always rendered)."""
    if print_ is None:
        return None
    try:
        blob = json.dumps(
            [page.template, page.context],
            sort_keys=True,
            default=_plain,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError):
        return None
    digest = hashlib.blake2b(print_.encode(), digest_size=16)
    digest.update(blob.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__name__,
            {f.name: getattr(value, f.name) for f in dataclasses.fields(value)},
        ]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    if isinstance(value, set | frozenset):
        return ["set", sorted(value, key=repr)]
    raise TypeError(type(value).__name__)


def stat_of(path: Path) -> Stat | None:
    """(inode, size, mtime_ns) of a regular file that is not a link, else None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _link(old: Path, new: Path) -> bool:
    try:
        try:
            os.link(old, new, follow_symlinks=False)
        except FileNotFoundError:
            if not os.path.lexists(old):
                return False
            new.parent.mkdir(parents=True, exist_ok=True)  # the folder's first page
            os.link(old, new, follow_symlinks=False)
    except OSError:
        return False  # another file system, or links not allowed: write it instead
    return True


def take_over(out: Path, rel: str, key: str | None, entry: Any, staging: Path) -> bool:
    """Link the old `out/rel` into `staging` if `key` made it (`entry`, as the last render
    recorded it: key, inode, size, mtime) and it is untouched since. A plain function of
    plain values, so that the processes rendering pages decide it (render/parallel.py)."""
    if key is None or not isinstance(entry, list) or len(entry) != 4 or entry[0] != key:
        return False
    old = out / rel
    if stat_of(old) != tuple(entry[1:]):
        return False
    return _link(old, staging / rel)


class Previous:
    """The last render into `out`: which key made which file."""

    def __init__(self, cache: Cache, out: Path, fmt: str) -> None:
        self.cache = cache
        self.out = out
        self.name = self.entry_name(out, fmt)
        data = cache.read(self.name)
        self.files: dict[str, list[Any]] = data if isinstance(data, dict) else {}

    @staticmethod
    def entry_name(out: Path, fmt: str) -> str:
        """The name of the entry of the renders of format `fmt` into `out`."""
        where = f"{fmt}\0{os.path.abspath(out)}".encode("utf-8", "surrogateescape")
        return f"render-{hashlib.blake2b(where, digest_size=8).hexdigest()}.json"

    def entry(self, rel: str) -> Any:
        """What the last render recorded for page `rel` (see `take_over`), if anything."""
        return self.files.get(rel)

    def same_bytes(self, rel: str, content: str | bytes, staging: Path) -> bool:
        """Link the old `out/rel` into `staging` if it holds exactly `content`."""
        old = self.out / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if stat_of(old) is None:
            return False
        try:
            if old.stat().st_size != len(data) or old.read_bytes() != data:
                return False
        except OSError:
            return False
        return _link(old, staging / rel)

    def record(self, keys: dict[str, str | None], staging: Path) -> None:
        """Remember the keys of this render, with the files' stats as written in
        `staging` (a rename of the folder changes neither inode nor mtime)."""
        files: dict[str, list[Any]] = {}
        for rel, key in keys.items():
            st = stat_of(staging / rel)
            if key is not None and st is not None:
                files[rel] = [key, *st]
        self.cache.write(self.name, files)
