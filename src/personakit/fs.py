"""Every path personakit reads or writes goes through here.

A cloned workspace is untrusted: its config names paths, its folders may hold symbolic
links, and a command line may carry names no file system accepts. This module is the
one place that decides whether a path stays inside the workspace, and the one place
that writes files: atomically, never through a symbolic link, with the permissions an
ordinary write would give.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from .errors import WorkspaceError

# Linux's NAME_MAX and PATH_MAX; checked up front so that an over-long name is our own
# one-line error rather than whatever the first system call makes of it.
NAME_MAX = 255
PATH_MAX = 4096


def check_name(path: str | os.PathLike[str], shown_as: str | None = None) -> str:
    """`path` as a string, refused (WorkspaceError) if no file system could hold it."""
    text = os.fspath(path)
    shown = shown_as or _printable(text)
    if "\x00" in text:
        raise WorkspaceError("a path cannot contain a NUL byte", shown)
    if len(text.encode("utf-8", "surrogateescape")) > PATH_MAX:
        raise WorkspaceError(f"path longer than {PATH_MAX} bytes", _shorten(shown))
    for part in text.split(os.sep):
        if len(part.encode("utf-8", "surrogateescape")) > NAME_MAX:
            raise WorkspaceError(
                f"a name in the path is longer than {NAME_MAX} bytes", _shorten(shown)
            )
    return text


def is_inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether `path`, with every symbolic link followed, is `root` or lies under it."""
    real = os.path.realpath(check_name(path))
    base = os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def contained(root: Path, path: str | os.PathLike[str], shown_as: str | None = None) -> Path:
    """`path` (relative to `root` unless absolute), resolved, and refused if outside `root`.

    Symbolic links are followed before the check, so a link pointing out of the
    workspace is refused just like `../..`.
    """
    text = check_name(path, shown_as)
    full = Path(root, text)
    if not is_inside(root, full):
        raise WorkspaceError("points outside the workspace", shown_as or _printable(text))
    return Path(os.path.realpath(full))


def relative(root: Path, path: str | os.PathLike[str]) -> str:
    """`path` relative to `root` with forward slashes, for messages and reports."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    path: Path,
    content: str | bytes,
    *,
    root: Path | None = None,
    new: bool = False,
    shown_as: str | None = None,
    newline: str = "\n",
    private: bool = False,
) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one.

    The file is written beside its target and renamed over it. A target that is a
    symbolic link is refused rather than followed or replaced, and with `root` the
    folder written into must lie inside it. A replaced file keeps its permissions; a
    new one gets what the umask gives (0644 under 022), or with `private` is readable
    by its owner only from its first byte (0600). With `new`, an existing file is
    refused and left untouched. Text is UTF-8 with `newline` line endings.
    """
    shown = shown_as or (relative(root, path) if root is not None else str(path))
    check_name(path, shown)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create its folder: {exc.strerror or exc}", shown) from None
    if root is not None and not is_inside(root, parent):
        raise WorkspaceError("points outside the workspace", shown)
    if os.path.islink(path):
        raise WorkspaceError("is a symbolic link; personakit does not write through links", shown)
    if new and os.path.lexists(path):
        raise WorkspaceError("already exists; personakit never overwrites a file", shown)
    mode = None
    if not new:
        try:
            mode = os.stat(path, follow_symlinks=False).st_mode & 0o7777
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise WorkspaceError(f"cannot write: {exc.strerror or exc}", shown) from None
    data = content if isinstance(content, bytes) else _encode(content, newline)
    tmp = os.path.join(os.path.realpath(parent), f".{path.name[:200]}.{secrets.token_hex(4)}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        fd = os.open(tmp, flags, 0o600 if private and mode is None else 0o666)
        try:
            _write_all(fd, data)
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        if new:
            _link_new(tmp, path, shown)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        raise WorkspaceError(f"cannot write: {exc.strerror or exc}", shown) from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _check_folder(path: Path, root: Path | None, shown: str) -> None:
    # Checked before `write_atomic` creates missing folders, so that a folder which is a
    # link pointing out of the workspace never gets anything created under its target.
    if root is not None and not is_inside(root, path.parent):
        raise WorkspaceError("points outside the workspace", shown)
    for folder in (path.parent, *path.parent.parents):
        if root is not None and folder == root:
            break
        if folder.exists() and not folder.is_dir():
            raise WorkspaceError(f"{folder.name} is a file where a folder is needed", shown)


def write_new(
    path: Path, text: str | bytes, shown_as: str | None = None, *, root: Path | None = None
) -> None:
    """Create `path` with `text`; refuse (exit 2) if it already exists, touching nothing."""
    shown = shown_as or (relative(root, path) if root is not None else str(path))
    check_name(path, shown)
    _check_folder(path, root, shown)
    write_atomic(path, text, new=True, shown_as=shown, root=root)


def replace_file(
    path: Path,
    text: str | bytes,
    newline: str = "\n",
    *,
    root: Path | None = None,
    shown_as: str | None = None,
) -> None:
    """Replace an existing file's content atomically, keeping its permissions.

    A file without any write permission is refused: someone made it read-only on
    purpose, and a rename would replace it regardless.
    """
    shown = shown_as or (relative(root, path) if root is not None else str(path))
    check_name(path, shown)
    _check_folder(path, root, shown)
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WorkspaceError(f"cannot write: {exc.strerror or exc}", shown) from None
    if info is not None and stat.S_ISREG(info.st_mode) and not info.st_mode & 0o222:
        raise WorkspaceError("is read-only; left as it is", shown)
    write_atomic(path, text, newline=newline, root=root, shown_as=shown)


def _link_new(tmp: str, path: Path, shown: str) -> None:
    # A hard link is atomic and fails if the target appeared meanwhile, unlike a rename.
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise WorkspaceError("already exists; personakit never overwrites a file", shown) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        # File systems without hard links: the exists-check before has to do.
        os.replace(tmp, path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _encode(text: str, newline: str) -> bytes:
    if newline != "\n":
        text = text.replace("\n", newline)
    return text.encode("utf-8")


def _printable(text: str) -> str:
    return (
        text.encode("unicode_escape", "backslashreplace").decode("ascii")
        if not text.isprintable()
        else text
    )


def _shorten(text: str) -> str:
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]}"
