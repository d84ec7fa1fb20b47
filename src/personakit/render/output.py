"""Writing a rendered site: built in a staging folder beside `--out`, then swapped in.

- Atomic: the site is written into `.NAME.render-XXXX` next to the output folder and
  exchanged with the old site in one `renameat2(RENAME_EXCHANGE)` call, so a reader
  (or a kill at any moment) finds the old site or the new one, never none. Where the
  exchange is not available, the old site is renamed aside first and put back by the
  next render if the process died in between.
- One at a time: a lock file `.NAME.lock` beside the output folder; a second render
  waits for it a while, then gives up with one line.
- Clean: staging folders are removed on every way out (errors, Ctrl-C), and leftovers
  of a killed render are removed by the next one.
- Ordinary permissions: folders and files are created with the umask's permissions
  (0755 and 0644 under umask 022), as any other program would create them.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import WorkspaceError

MARKER = ".personakit-render"
LOCK_WAIT = 30.0  # seconds a second render waits for the first
_RENAME_EXCHANGE = 2


def write_site(out: Path, files: dict[str, str | bytes]) -> None:
    """Replace `out` with exactly `files` (relative path → content).

    A folder that personakit did not render is never replaced.
    """
    with staged_site(out) as staging:
        for rel, content in sorted(files.items()):
            write_file(staging, rel, content)


@contextlib.contextmanager
def staged_site(out: Path) -> Iterator[Path]:
    """A new, empty staging folder for the site at `out`; when the block ends without
    an error the staging folder replaces `out` in one swap, else it is removed.

    Held under the site's lock throughout. A folder that personakit did not render is
    never replaced.
    """
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with site_lock(out):
        _recover(out)
        if os.path.islink(out):
            raise WorkspaceError("is a symbolic link; choose another --out", str(out))
        foreign = out.exists() and not (out / MARKER).exists()
        if foreign and (not out.is_dir() or any(out.iterdir())):
            raise WorkspaceError(
                "exists and was not written by personakit render; choose another --out", str(out)
            )
        staging = _staging_name(out)
        try:
            os.mkdir(staging)  # 0777 minus the umask, unlike mkdtemp's 0700
            yield staging
            write_file(staging, MARKER, "This folder is replaced by every `personakit render`.\n")
            swap(staging, out)
        finally:
            remove_tree(staging)


def write_file(folder: Path, rel: str, content: str | bytes) -> None:
    """Create `folder/rel` (a new file in a folder render owns), never through a link."""
    path = folder / rel
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:
        # Its folder is not there yet: ten thousand pages share a few folders, so each
        # is made when its first page is written, not checked for every page.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def swap(staging: Path, out: Path) -> None:
    """Put `staging` where `out` is; afterwards the old site (if any) is at `staging`."""
    if os.path.lexists(out) and _exchange(staging, out):
        return
    if not os.path.lexists(out):
        os.rename(staging, out)
        return
    # No atomic exchange here: move the old site aside under a name _recover knows.
    old = out.with_name(f".{out.name}.old-{secrets.token_hex(4)}")
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False if not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(
        at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _staging_name(out: Path) -> Path:
    return out.with_name(f".{out.name}.render-{secrets.token_hex(4)}")


def _leftovers(out: Path) -> Iterator[Path]:
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(render|old)-[0-9a-f]{{8}}")
    with contextlib.suppress(OSError):
        for entry in os.scandir(out.parent):
            if pattern.fullmatch(entry.name):
                yield Path(entry.path)


def _recover(out: Path) -> None:
    """Under the lock: put back an old site a killed render had moved aside, and
    remove the staging folders of killed renders."""
    for path in sorted(_leftovers(out)):
        if ".old-" in path.name and not os.path.lexists(out) and (path / MARKER).exists():
            os.rename(path, out)
        else:
            remove_tree(path)


def remove_tree(path: Path) -> None:
    """Remove a folder render made (never following links out of it); quiet if gone."""
    if os.path.islink(path):
        os.unlink(path)
    elif os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def site_lock(out: Path, wait: float | None = None) -> Iterator[None]:
    """Hold `.NAME.lock` beside `out` for one render; removed again when done."""
    lock = out.with_name(f".{out.name}.lock")
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WorkspaceError(
                            "another personakit render is writing this folder; "
                            "try again when it has finished",
                            str(out),
                        ) from None
                    time.sleep(0.05)
            # The holder before us may have removed the file after we opened it:
            # then our lock is on a file nobody else sees; take a fresh one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if not same:
                continue
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(lock)
            return
        finally:
            os.close(fd)
