"""`.personakit_cache/`: what a run may reuse from the last one, kept in the workspace.

Everything in it is a hint, never an answer: a missing, corrupt, foreign or half-written
entry is the same as no entry, and the work is done again. A cloned workspace may carry
a planted cache, so an entry is only ever used where the work it saves can be checked
cheaply against the real files (see render/incremental.py), and the folder itself is
used only when it is a real folder inside the workspace, never through a link.

Off with `--no-cache` or `PERSONAKIT_NO_CACHE=1`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from . import __version__
from .errors import WorkspaceError
from .fs import is_inside, write_atomic

CACHE_DIR = ".personakit_cache"
NO_CACHE_ENV = "PERSONAKIT_NO_CACHE"
_MAGIC = "personakit-cache"
KEEP = 16  # entries of each kind kept; older ones are removed when one is written
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# personakit's cache; see its docs.\n"


def disabled_by_env() -> bool:
    """Whether `PERSONAKIT_NO_CACHE` asks for no cache (any value but empty, 0 or false)."""
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("", "0", "false", "no")


class Cache:
    """The cache folder of one workspace; every method is quiet when it cannot help."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.root = root
        self.folder = root / CACHE_DIR
        self.enabled = enabled and not disabled_by_env()

    def _usable(self, create: bool) -> bool:
        if not self.enabled:
            return False
        if os.path.islink(self.folder):
            return False
        if not self.folder.exists():
            if not create:
                return False
            try:
                self.folder.mkdir()
                # Kept out of git and of backups without the user doing anything.
                write_atomic(self.folder / ".gitignore", "*\n", root=self.root)
                write_atomic(self.folder / "CACHEDIR.TAG", _TAG, root=self.root)
            except (OSError, WorkspaceError):
                return False
        return self.folder.is_dir() and is_inside(self.root, self.folder)

    def read(self, name: str) -> Any:
        """The JSON entry `name` written by this version of personakit, or None."""
        if not self._usable(create=False):
            return None
        path = self.folder / name
        try:
            if os.path.islink(path) or not path.is_file():
                return None
            return decode(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            # RecursionError: JSON nested deeper than the parser goes (a planted entry).
            return None

    def write(self, name: str, data: Any) -> bool:
        """Store `data` as entry `name` (atomically) and say whether it was stored; a
        cache that cannot be written is left as it is, since the run's answer does not
        depend on it."""
        return self.write_json(name, json.dumps(data, separators=(",", ":")))

    def write_json(self, name: str, data: str, *, prune: bool = True) -> bool:
        """`write` for data already written as JSON text (pieces joined without parsing
        them again). Without `prune`, older entries of its kind are left: the caller
        keeps a set of them and removes its own."""
        if not self._usable(create=True):
            return False
        text = _signed(data)
        try:
            write_atomic(self.folder / name, text, root=self.root)
        except WorkspaceError:
            return False
        if prune:
            self._prune(name.partition("-")[0])
        return True

    def remove(self, name: str) -> None:
        """Remove entry `name` if it is there."""
        if self._usable(create=False):
            with contextlib.suppress(OSError):
                os.unlink(self.folder / name)

    def _prune(self, kind: str) -> None:
        """Keep the KEEP newest entries of a kind (`lint`, `replay`, ...): entries are
        keyed by the day, the arguments, the environment, personakit's code, so old ones
        would otherwise pile up forever. Another run that loses an entry this way just
        does the work again."""
        pattern = re.compile(re.escape(kind) + r"-[0-9a-f]+\.json")
        found = []
        try:
            with os.scandir(self.folder) as listing:
                for entry in listing:
                    if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                        found.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        except OSError:
            return
        for _mtime, name in sorted(found, reverse=True)[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / name)


def encode(data: Any) -> str:
    """An entry's text: a header line with the digest of the JSON below it, so that an
    entry damaged in any way (a flipped byte, a cut-off write) is no entry."""
    return _signed(json.dumps(data, separators=(",", ":")))


def _signed(data: str) -> str:
    """The text of an entry whose data is the JSON text `data`: this version's body,
    under its header line."""
    return sign(f'{{"version":{json.dumps(__version__)},"data":{data}}}')


def sign(body: str) -> str:
    """`body` (an entry's JSON) under its header line."""
    digest = hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()
    return f"{_MAGIC} {digest}\n{body}"


def decode(text: str) -> Any:
    """The data of an entry's text, or None unless it is intact and of this version."""
    header, newline, body = text.partition("\n")
    if not newline or sign(body).partition("\n")[0] != header:
        return None
    entry = json.loads(body)
    if not isinstance(entry, dict) or entry.get("version") != __version__:
        return None
    return entry.get("data")
