"""Reading git: changed files since a ref, and a workspace as it was at a revision.

Only reads: `git rev-parse`, `git diff`, `git ls-files`, `git merge-base`, `git ls-tree`
and `git cat-file`. The working tree and the index are never touched.

A revision comes from the command line or a CI variable and may look like an option
(`--output=pwned.txt`). It is resolved once, after `--end-of-options`, to a commit's
hash; only that hash is passed on to other git commands.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Literal, overload

from .errors import WorkspaceError

_TIMEOUT = 120


@overload
def git(
    root: Path, *args: str, binary: Literal[False] = False, stdin: bytes | None = None
) -> str: ...
@overload
def git(root: Path, *args: str, binary: Literal[True], stdin: bytes | None = None) -> bytes: ...
def git(root: Path, *args: str, binary: bool = False, stdin: bytes | None = None) -> str | bytes:
    """Run git in `root` and return its output (bytes when `binary`, else text);
    a failure is a one-line WorkspaceError."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            timeout=_TIMEOUT,
        )
    except FileNotFoundError:
        raise WorkspaceError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise WorkspaceError(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode(errors="replace").strip().splitlines()
        raise WorkspaceError(f"git {args[0]}: {reason[-1] if reason else 'failed'}")
    return proc.stdout if binary else proc.stdout.decode(errors="surrogateescape")


def repo_prefix(root: Path) -> tuple[Path, str]:
    """The repository's top folder, and the workspace's path inside it (`""` or `dir/`)."""
    try:
        top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    except WorkspaceError as exc:
        raise WorkspaceError(f"the workspace is not in a git repository ({exc})") from None
    prefix = git(root, "rev-parse", "--show-prefix").strip()
    return top, prefix


def resolve(root: Path, rev: str) -> str:
    """The hash of the commit `rev` names; never read as an option, whatever it holds."""
    try:
        out = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except WorkspaceError:
        raise WorkspaceError(f"no revision {rev!r} in this repository") from None
    return out.strip()


def merge_base(root: Path, ref: str, head: str = "HEAD") -> str:
    """Where `ref` and `head` diverged (for diff and --changed-since); one-line error if never."""
    base, tip = resolve(root, ref), resolve(root, head)
    try:
        return git(root, "merge-base", "--end-of-options", base, tip).strip()
    except WorkspaceError:
        raise WorkspaceError(f"{ref!r} and {head!r} have no common ancestor") from None


def default_branch(root: Path) -> str:
    """The branch pull requests usually target: origin's HEAD, else main or master."""
    for candidate in ("origin/HEAD", "origin/main", "main", "origin/master", "master"):
        try:
            git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", candidate)
            return candidate
        except WorkspaceError:
            continue
    raise WorkspaceError(
        "no default branch (origin/HEAD, main or master) to compare with; name one"
    )


def changed_files(root: Path, ref: str) -> set[str]:
    """Workspace-relative paths changed since the merge base with `ref` (committed,
    staged, unstaged or untracked)."""
    _top, prefix = repo_prefix(root)
    base = merge_base(root, ref)
    # -z: names as they are, not C-quoted (a non-ASCII name would otherwise not match).
    names = git(
        root, "diff", "-z", "--name-only", "--no-renames", "--end-of-options", base, "--", "."
    ).split("\0")
    names += git(
        root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", "."
    ).split("\0")
    return {n[len(prefix) :] for n in names if n.startswith(prefix) and n}


def export_revision(root: Path, rev: str, dest: Path) -> Path:
    """Write the workspace as it was at `rev` into `dest`; return the workspace folder.

    Only regular files are written, each at a checked path inside `dest`. A symbolic
    link committed inside the workspace is refused (one line naming it): followed, it
    could read any file on the machine, and git stores only its target, not the file.
    """
    top, prefix = repo_prefix(root)
    commit = resolve(root, rev)
    listing = git(top, "ls-tree", "-r", "-z", "--full-tree", commit, binary=True)
    blobs: list[tuple[str, str, str]] = []  # (mode, hash, path)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split(" ")
        path = os.fsdecode(raw_path)
        if not path.startswith(prefix):
            continue
        if mode == "120000":
            raise WorkspaceError(
                f"at {rev}: {path[len(prefix) :]} is a symbolic link; "
                "diff reads committed files only, never links"
            )
        if kind != "blob":  # a submodule's commit: nothing to read
            continue
        blobs.append((mode, obj, path))
    contents = _blobs(top, [obj for _mode, obj, _path in blobs])
    folder = dest.resolve()
    for _mode, obj, path in blobs:
        # git never records such names, but a crafted tree object can.
        if any(part in ("..", ".", "") for part in path.split("/")):
            raise WorkspaceError(f"at {rev}: refusing the path {path!r}")
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # Fresh folder, regular files only: O_EXCL refuses anything already there.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(contents[obj])
    return folder / prefix if prefix else folder


def _blobs(top: Path, objects: list[str]) -> dict[str, bytes]:
    """The contents of the given blobs, read in one `git cat-file --batch`."""
    if not objects:
        return {}
    unique = list(dict.fromkeys(objects))
    out = git(top, "cat-file", "--batch", binary=True, stdin="\n".join(unique).encode() + b"\n")
    contents: dict[str, bytes] = {}
    pos = 0
    for obj in unique:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split(" ")
        if len(header) != 3 or header[1] != "blob":
            raise WorkspaceError(f"git cat-file: cannot read object {obj}")
        size = int(header[2])
        contents[obj] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1  # the content is followed by a newline
    return contents
