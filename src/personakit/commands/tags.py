"""`personakit tags [--by FIELD] [--format table|json]`: the raw material of counts."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..errors import WorkspaceError
from ..terminal import markup
from .options import RootOption, workspace_root


class TagsFormat(StrEnum):
    """How `tags` prints its table."""

    table = "table"
    json = "json"


def tags(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by", metavar="FIELD", help="Front-matter field to split by (role, kind, ...)."
        ),
    ] = "role",
    output_format: Annotated[
        TagsFormat, typer.Option("--format", "-f", help="table or json.")
    ] = TagsFormat.table,
    root: RootOption = None,
) -> int:
    """How many distinct participants carry each tag: the raw material of counts."""
    from ..evidence import tag_table
    from ..session import Session
    from ..suggest import hint

    ws = Session.load(
        workspace_root(ctx, root)
    ).workspace  # a broken review lock stops here, as for lint
    if by not in ws.note_fields():
        fields = ", ".join(sorted(ws.note_fields()))
        more = hint(by, ws.note_fields())
        raise WorkspaceError(f"--by: notes have no field {by!r}{more} (fields: {fields})")
    table = tag_table(ws, by)
    if output_format is TagsFormat.json:
        payload = {
            "by": by,
            "participants": {"all": table.all_participants, **table.totals},
            "tags": {
                tag: {"all": table.tag_totals[tag], **{c: n for c, n in counts.items() if n}}
                for tag, counts in table.rows.items()
            },
        }
        # ensure_ascii (the default) escapes every control character.
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return 0
    from rich.table import Table

    from ..color import console

    # Strings given to a Rich table are markup: tags, field names and values come from
    # the workspace, so each is escaped (brackets literal, control characters as \xNN).
    grid = Table(title=f"Participants carrying each tag, by {markup(by)}", title_justify="left")
    grid.add_column("tag")
    for column in table.columns:
        grid.add_column(f"{markup(str(column))}\n(of {table.totals[column]})", justify="right")
    grid.add_column(f"all\n(of {table.all_participants})", justify="right")
    for tag, counts in table.rows.items():
        grid.add_row(
            markup(f"#{tag}"),
            *[str(counts[c] or "") for c in table.columns],
            str(table.tag_totals[tag]),
        )
    console(width=max(80, 14 * (len(table.columns) + 2))).print(grid)
    return 0
