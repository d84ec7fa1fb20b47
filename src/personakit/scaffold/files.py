"""Reading a file that `new job` or `fmt` is about to rewrite.

Writing is `personakit.fs` (`write_atomic`, `write_new`, `replace_file`). Reads of a
file that is about to be rewritten go through `read_source`, which refuses what could
not be written back exactly: a link,
a FIFO or device (opening one would hang), a file outside the workspace, bytes that
are not UTF-8, and mixed line endings. It returns the text with `\\n` line endings and
what is needed to write it back the same way (`Source.encode`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkspaceError
from ..fs import check_name, is_inside, relative

BOM = b"\xef\xbb\xbf"
# Larger than any persona or config; refusing up front keeps a runaway file from
# being read into memory just to be formatted.
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A text file as read: its text with `\\n` endings, its line ending and its BOM."""

    text: str
    newline: str = "\n"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """`text` (with `\\n` endings) as bytes with this file's line endings and BOM."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (BOM if self.bom else b"") + text.encode("utf-8")


def read_source(path: Path, root: Path | None = None, shown_as: str | None = None) -> Source:
    """The text of a regular UTF-8 file that personakit may rewrite, or a one-line error."""
    shown = shown_as or (relative(root, path) if root is not None else str(path))
    check_name(path, shown)
    if os.path.islink(path):
        raise WorkspaceError("is a symbolic link; personakit does not write through links", shown)
    if root is not None and not is_inside(root, path):
        raise WorkspaceError("points outside the workspace", shown)
    data = read_regular(path, shown, follow_links=False, refusal="; left as it is")
    return decode(data, shown)


def read_regular(path: Path, shown: str, *, follow_links: bool = True, refusal: str = "") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, or a one-line WorkspaceError
    naming it (`refusal` ends the one for a file that is not regular). A FIFO or device
    is refused without being waited on."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise WorkspaceError("no such file", shown) from None
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WorkspaceError(f"is not a regular file{refusal}", shown)
        if info.st_size > MAX_BYTES:
            raise WorkspaceError(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB", shown)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def decode(data: bytes, shown: str) -> Source:
    """Bytes of a text file → `Source`, refusing non-UTF-8 bytes and mixed line endings."""
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise WorkspaceError(
            f"is not UTF-8 (byte 0x{body[exc.start]:02x}); save it as UTF-8 first; left as it is",
            shown,
            line,
        ) from None
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    if lone_cr:
        line = text.count("\n", 0, _lone_cr_at(text)) + 1
        raise WorkspaceError(
            "has a carriage return that does not end a line; left as it is", shown, line
        )
    if crlf and lone_lf:
        # Normalising would rewrite lines the user did not ask to change: refuse instead.
        raise WorkspaceError(
            "mixes CRLF and LF line endings; make them consistent first; left as it is", shown
        )
    if crlf:
        return Source(text.replace("\r\n", "\n"), "\r\n", bom)
    return Source(text, "\n", bom)


def _lone_cr_at(text: str) -> int:
    index = text.find("\r")
    while index != -1 and text.startswith("\r\n", index):
        index = text.find("\r", index + 2)
    return max(index, 0)
