"""`personakit diff [BASE [HEAD]]`."""

from __future__ import annotations

import sys
from pathlib import Path

from ..report.json import dumps
from ..terminal import plain


def run(root: Path | None, base: str | None, head: str | None, output_format: str) -> int:
    from ..persona_diff import compare, markdown, snapshot, snapshot_at
    from ..vcs import default_branch, merge_base
    from ..workspace import find_root

    ws_root = root.resolve() if root else find_root(Path.cwd())
    if base is None:
        branch = default_branch(ws_root)
        base = merge_base(ws_root, branch)[:12]
        base_label = f"merge base with {branch} ({base})"
    else:
        base_label = base
    old = snapshot_at(ws_root, base)
    new = snapshot_at(ws_root, head) if head else snapshot(ws_root)
    diff = compare(old, new, base_label, head or "working tree")
    if output_format == "json":
        sys.stdout.write(dumps(diff.as_dict(), indent=2) + "\n")
    else:
        # Names, claims and findings are workspace text: no raw control characters.
        sys.stdout.write(plain(markdown(diff)))
    return 0
