"""Reading git: changed files since a ref, and a workspace as it was at a revision.

Only reads: `git diff`, `git ls-files`, `git merge-base`, `git archive`. The working
tree and the index are never touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from .errors import WorkspaceError


def git(root: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=120,
        )
    except FileNotFoundError:
        raise WorkspaceError("git is not installed") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode(errors="replace").strip().splitlines()
        raise WorkspaceError(f"git {args[0]}: {reason[-1] if reason else 'failed'}")
    return proc.stdout if binary else proc.stdout.decode()


def repo_prefix(root: Path) -> tuple[Path, str]:
    """The repository's top folder, and the workspace's path inside it (`""` or `dir/`)."""
    top = Path(str(git(root, "rev-parse", "--show-toplevel")).strip())
    prefix = str(git(root, "rev-parse", "--show-prefix")).strip()
    return top, prefix


def merge_base(root: Path, ref: str, head: str = "HEAD") -> str:
    return str(git(root, "merge-base", ref, head)).strip()


def default_branch(root: Path) -> str:
    """The branch pull requests usually target: origin's HEAD, else main or master."""
    for candidate in ("origin/HEAD", "origin/main", "main", "origin/master", "master"):
        try:
            git(root, "rev-parse", "--verify", "--quiet", candidate)
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
    names = str(git(root, "diff", "--name-only", "--no-renames", base, "--", ".")).splitlines()
    names += str(
        git(root, "ls-files", "--others", "--exclude-standard", "--full-name", ".")
    ).splitlines()
    return {n[len(prefix) :] for n in names if n.startswith(prefix) and n}


def export_revision(root: Path, rev: str, dest: Path) -> Path:
    """Write the workspace as it was at `rev` into `dest`; return the workspace folder."""
    top, prefix = repo_prefix(root)
    data = git(top, "archive", "--format=tar", rev, "--", prefix or ".", binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:  # type: ignore[arg-type]
        archive.extractall(dest, filter="data")
    return dest / prefix if prefix else dest
