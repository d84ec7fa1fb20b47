"""`personakit fmt [PATH...] [--check]`.

A file fmt cannot format exactly (not UTF-8, mixed line endings, a tag, a duplicate
key, invalid YAML, a link, a FIFO, read-only, ...) is reported on one line naming the
file and line, left untouched, and the other files are still formatted (or checked);
the command then exits 2. Line endings (LF or CRLF) and a UTF-8 byte-order mark are
kept as they were.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import WorkspaceError
from .options import RootOption, workspace_root


def _targets(root: Path, paths: list[str]) -> list[tuple[Path, str]]:
    from ..fs import check_name
    from ..workspace import CONFIG_NAME

    everything: list[tuple[Path, str]] = [(root / CONFIG_NAME, "config")]
    for folder, kind in (("personas", "persona"), ("journeys", "journey")):
        base = root / folder
        if base.is_dir() and not base.is_symlink():
            everything += [
                (p, kind)
                for p in sorted(base.iterdir())
                if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
            ]
        elif base.is_symlink():
            raise WorkspaceError(
                "is a symbolic link; personakit does not write through links", folder
            )
    if not paths:
        return everything
    chosen = []
    for raw in paths:
        check_name(raw)
        # The folder resolved, the name not: a link given by name is found (and refused
        # later), not silently swapped for whatever it points at.
        absolute = Path(os.path.abspath(raw))
        target = Path(os.path.realpath(absolute.parent)) / absolute.name
        if not os.path.lexists(target):
            raise WorkspaceError("no such file or folder", raw)
        matches = [(p, k) for p, k in everything if p == target or target in p.parents]
        if not matches:
            raise WorkspaceError("not a persona, journey or config file personakit formats", raw)
        chosen += [m for m in matches if m not in chosen]
    return chosen


def _format_one(base: Path, path: Path, kind: str, check: bool) -> bool:
    """Whether the file changes (or would); a WorkspaceError leaves it untouched."""
    from ..formatter import format_yaml
    from ..fs import replace_file
    from ..scaffold.files import read_source

    rel = path.relative_to(base).as_posix()
    source = read_source(path, base, rel)
    formatted = format_yaml(source.text, kind, rel)
    if formatted == source.text:
        return False
    if not check:
        replace_file(path, source.encode(formatted), root=base, shown_as=rel)
    return True


def fmt(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(metavar="PATH", help="Files or folders (default: all).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file would change.")
    ] = False,
    root: RootOption = None,
) -> int:
    """Normalise the layout of persona, journey and config YAML, keeping comments."""
    from ..terminal import plain
    from ..workspace import find_root

    given = workspace_root(ctx, root)
    base = given.resolve() if given else find_root(Path.cwd())
    changed: list[str] = []
    failed = 0
    for path, kind in _targets(base, paths or []):
        try:
            if _format_one(base, path, kind, check):
                changed.append(path.relative_to(base).as_posix())
        except WorkspaceError as exc:
            failed += 1
            print(f"personakit: error: {plain(' '.join(str(exc).splitlines()))}", file=sys.stderr)
    for rel in changed:
        print(f"{'would reformat' if check else 'reformatted'} {rel}")
    left = f"; {failed} file(s) left as they are (see above)" if failed else ""
    if check:
        print(
            (
                f"{len(changed)} file(s) would be reformatted"
                if changed
                else "All files are formatted"
            )
            + f"{left}."
        )
        return 2 if failed else 1 if changed else 0
    print(
        (f"{len(changed)} file(s) reformatted" if changed else "All files were already formatted")
        + f"{left}."
    )
    return 2 if failed else 0
