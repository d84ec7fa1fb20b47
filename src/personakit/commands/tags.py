"""`personakit tags [--by FIELD] [--format table|json]`: the raw material of counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import WorkspaceError


def run(root: Path | None, by: str, output_format: str) -> int:
    from ..evidence import tag_table
    from ..workspace import load_workspace

    ws = load_workspace(root)
    if by not in ws.note_fields():
        fields = ", ".join(sorted(ws.note_fields()))
        raise WorkspaceError(f"--by: notes have no field {by!r} (fields: {fields})")
    table = tag_table(ws, by)
    if output_format == "json":
        payload = {
            "by": by,
            "participants": {"all": table.all_participants, **table.totals},
            "tags": {
                tag: {"all": table.tag_totals[tag], **{c: n for c, n in counts.items() if n}}
                for tag, counts in table.rows.items()
            },
        }
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=False) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    grid = Table(title=f"Participants carrying each tag, by {by}", title_justify="left")
    grid.add_column("tag")
    for column in table.columns:
        grid.add_column(f"{column}\n(of {table.totals[column]})", justify="right")
    grid.add_column(f"all\n(of {table.all_participants})", justify="right")
    for tag, counts in table.rows.items():
        grid.add_row(
            f"#{tag}", *[str(counts[c] or "") for c in table.columns], str(table.tag_totals[tag])
        )
    Console(width=max(80, 14 * (len(table.columns) + 2))).print(grid)
    return 0
