"""Finding and reading a workspace's files without trusting what is on disk.

A cloned workspace may hold symbolic links out of it or back into itself, folders the
user may not read, FIFOs and device files where notes should be, and files of any size.
The rules, chosen so that nothing is skipped silently and nothing ever hangs:

- A symbolic link (to a file or a folder) is followed only when its real path lies
  inside the workspace; one pointing outside stops the command (WorkspaceError).
- A folder link back to a folder it stands in (`a -> .`, `a -> ..`) is a loop and stops
  the command; any other folder reached twice is walked once, and every real file is
  listed once per folder walked: under its own path when it is reached both directly
  and through a link, else under the first link in sorted order.
- A folder or file that cannot be read stops the command, naming it.
- Only regular files are read. A FIFO, device or socket, or a file larger than
  MAX_FILE_BYTES, is not opened for reading at all: it is `Skipped`, which the loader
  reports as a finding at that path while the rest of the workspace is checked.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass

from ..errors import WorkspaceError
from ..file_stats import Stat, stat_of
from ..fs import is_inside

# Far more than any note, persona or CSV export a person writes (the example workspace's
# largest file is a few kilobytes), and far less than would exhaust memory.
MAX_FILE_BYTES = 16 * 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class Skipped(Exception):
    """A file personakit will not read; the message says why, for a finding."""


def read_bytes(path: str, shown: str) -> bytes:
    """The content of the regular file at `path` (links followed; check containment
    first). `shown` names it in messages.

    Raises Skipped for anything but a regular file, or one over MAX_FILE_BYTES, and
    WorkspaceError when the file cannot be read.
    """
    try:
        _check_kind(os.stat(path), shown)
        # O_NONBLOCK: should the file have been swapped for a FIFO since the stat, the
        # open returns at once instead of waiting for a writer; fstat then refuses it.
        fd = os.open(path, _OPEN_FLAGS)
    except Skipped:
        raise
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    try:
        _check_kind(os.fstat(fd), shown)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:  # it grew after the stat
        raise Skipped(_too_large())
    return b"".join(chunks)


def read_inside(root: str, path: str, rel: str) -> str:
    """The text of the workspace file at `path` (shown as `rel`); a link out of the
    workspace stops the command, and Skipped (not a regular file, too large) is left
    to the caller."""
    if os.path.islink(path) and not is_inside(root, path):
        raise WorkspaceError(
            "is a symbolic link pointing outside the workspace; personakit does not follow it",
            rel,
        )
    return decode_text(read_bytes(path, rel), rel)


def decode_text(data: bytes, shown: str) -> str:
    """A file's bytes as the text every reader sees: UTF-8 (else WorkspaceError at the
    line), without a byte-order mark, with CRLF line ends made LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WorkspaceError("not UTF-8 text", shown, line) from None
    if text[:1] == "\ufeff":
        text = text[1:]
    return text.replace("\r\n", "\n") if "\r" in text else text


def _check_kind(st: os.stat_result, shown: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise WorkspaceError("is a folder, not a file", shown)
    if not stat.S_ISREG(st.st_mode):
        raise Skipped(f"not a regular file ({_kind(st.st_mode)}); personakit did not read it")
    if st.st_size > MAX_FILE_BYTES:
        raise Skipped(_too_large())


def _too_large() -> str:
    mib, rest = divmod(MAX_FILE_BYTES, 1024 * 1024)
    limit = f"{MAX_FILE_BYTES} bytes" if rest or not mib else f"{mib} MiB"
    return f"larger than {limit}; personakit did not read it"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


@dataclass(frozen=True)
class Listing:
    """A folder's files as one walk found them, with the stat of every folder it walked:
    a file added, renamed or removed changes its folder's stat."""

    files: tuple[str, ...]
    folders: tuple[str, ...]
    stats: tuple[tuple[str, Stat], ...]


# How close to a walk's start a folder may have changed for its listing not to be kept:
# a file added in the same clock tick as the walk may not move the folder's stat.
RACY_NS = 2_000_000_000


class Walker:
    """Lists a workspace folder's files, following links only inside the workspace.

    With `held` (a language server's memory between loads, memory.py), a folder's files
    are listed again only when a folder walked for them changed since; a walk that met a
    symbolic link, or a folder changed just before it, is not held."""

    def __init__(self, root: str, held: dict[tuple[str, ...], Listing] | None = None) -> None:
        self.root = root
        # Every folder asked for or walked into, by relative path, absent ones included:
        # a file added, renamed or removed changes its folder's mtime (the lint cache).
        self.folders: list[str] = []
        self.held = held
        self._links = 0
        self._plain: set[str] = set()  # folders walked (or held) without meeting a link

    def rel(self, path: str) -> str:
        """`path` relative to the workspace root, with forward slashes."""
        rel = path[len(self.root) + 1 :]
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

    def files(self, folder: str, suffixes: tuple[str, ...], recursive: bool) -> list[str]:
        """Files of `folder` (relative to the root) whose names end in `suffixes`,
        hidden ones skipped, as absolute paths in sorted order, each real file once."""
        key = (self.root, folder, *suffixes, str(recursive))
        if self.held is not None:
            kept = self.held.pop(key, None)
            if kept is not None and all(stat_of(path) == st for path, st in kept.stats):
                self.held[key] = kept
                self.folders.extend(kept.folders)
                self._plain.add(folder)
                return list(kept.files)
        started = time.time_ns()
        first, links = len(self.folders), self._links
        base = os.path.join(self.root, folder)
        self.folders.append(folder)
        if not os.path.lexists(base):
            return []
        real = self._follow(base, folder)
        if real is None:  # a link that leads nowhere, or not a folder
            raise WorkspaceError("is not a folder", folder)
        found: dict[str, tuple[bool, str]] = {}  # real path -> (through a link?, path)
        walked = {real}
        self._scan(base, real, suffixes, recursive, found, walked)
        files = sorted(path for _link, path in found.values())
        if self._links == links and not os.path.islink(base):
            self._plain.add(folder)
        if self.held is not None and folder in self._plain:
            stats = tuple((path, stat_of(path)) for path in sorted(walked))
            since = started - RACY_NS
            if all(st is not None and max(st[2], st[3]) < since for _p, st in stats):
                self.held[key] = Listing(tuple(files), tuple(self.folders[first:]), stats)
        return files

    def plain(self, folder: str) -> bool:
        """Whether `folder`'s files were listed without going through a symbolic link."""
        return folder in self._plain

    def _follow(self, path: str, shown: str) -> str | None:
        """The real path of the folder at `path`, refusing links that leave the root."""
        real = os.path.realpath(path)
        if os.path.islink(path) and not is_inside(self.root, real):
            raise WorkspaceError(
                "is a symbolic link to a folder outside the workspace; "
                "personakit does not follow it",
                shown,
            )
        return real if os.path.isdir(real) else None

    def _scan(
        self,
        path: str,
        real: str,
        suffixes: tuple[str, ...],
        recursive: bool,
        found: dict[str, tuple[bool, str]],
        walked: set[str],
    ) -> None:
        try:
            with os.scandir(path) as listing:
                # Real entries before links, so that a file or folder reached both ways
                # is known by its own path; by name within each, so runs agree.
                entries = sorted(listing, key=lambda e: (_is_link(e), e.name))
        except OSError as exc:
            raise WorkspaceError(
                f"cannot read the folder: {exc.strerror or exc}", self.rel(path) or "."
            ) from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            shown = self.rel(entry.path)
            link = _is_link(entry)
            self._links += link
            entry_real = self._real(entry.path, shown) if link else os.path.join(real, entry.name)
            if _is_dir(entry):
                if not recursive:
                    continue
                if link and (real == entry_real or is_inside(entry_real, real)):
                    raise WorkspaceError(
                        "is a symbolic link to a folder it stands in (a loop); "
                        "personakit does not follow it",
                        shown,
                    )
                if entry_real in walked:
                    continue
                walked.add(entry_real)
                self.folders.append(shown)
                self._scan(entry.path, entry_real, suffixes, recursive, found, walked)
            elif entry.name.endswith(suffixes):
                candidate = (link, entry.path)
                known = found.get(entry_real)
                if known is None or candidate < known:
                    found[entry_real] = candidate

    def _real(self, path: str, shown: str) -> str:
        real = os.path.realpath(path)
        if not is_inside(self.root, real):
            raise WorkspaceError(
                "is a symbolic link pointing outside the workspace; personakit does not follow it",
                shown,
            )
        return real


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    # A link whose target cannot be reached is not a folder; reading it later names it.
    try:
        return entry.is_dir()
    except OSError:
        return False
