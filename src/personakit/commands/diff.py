"""`personakit diff [BASE [HEAD]]`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..terminal import plain
from .options import RootOption, workspace_root


class DiffFormat(StrEnum):
    """How `diff` prints the changes: Markdown for a pull request, or JSON."""

    md = "md"
    json = "json"


def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE", help="Base revision (default: merge base with the default branch)."
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(metavar="HEAD", help="Head revision (default: the working tree)."),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="md or json.")
    ] = DiffFormat.md,
    root: RootOption = None,
) -> int:
    """What changed between two revisions, claim by claim, as Markdown for a pull request."""
    from ..persona_diff import compare, markdown, snapshot, snapshot_at
    from ..report.json import dumps
    from ..vcs import default_branch, merge_base
    from ..workspace import find_root

    given = workspace_root(ctx, root)
    ws_root = given.resolve() if given else find_root(Path.cwd())
    if base is None:
        branch = default_branch(ws_root)
        base = merge_base(ws_root, branch)[:12]
        base_label = f"merge base with {branch} ({base})"
    else:
        base_label = base
    old = snapshot_at(ws_root, base)
    new = snapshot_at(ws_root, head) if head else snapshot(ws_root)
    diff = compare(old, new, base_label, head or "working tree")
    if output_format is DiffFormat.json:
        sys.stdout.write(dumps(diff.as_dict(), indent=2) + "\n")
    else:
        # Names, claims and findings are workspace text: no raw control characters.
        sys.stdout.write(plain(markdown(diff)))
    return 0
