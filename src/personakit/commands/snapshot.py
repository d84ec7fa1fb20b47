"""`personakit snapshot`: record each segment's members (keys only) under segments/."""

from __future__ import annotations

import datetime as dt

import typer

from ..errors import WorkspaceError
from ..terminal import plain
from .data_support import open_service, working
from .options import AsOfOption, RootOption, workspace_root


def snapshot(ctx: typer.Context, as_of: AsOfOption = None, root: RootOption = None) -> int:
    """Record each segment's members (keys only) and metrics under segments/."""
    from ..data.snapshots import write_snapshot

    when = as_of or dt.date.today()

    service = open_service(workspace_root(ctx, root))
    try:
        personas = [
            p for p, doc in sorted(service.ws.personas.items()) if doc.model.segment is not None
        ]
        if not personas:
            raise WorkspaceError("no persona has a segment to snapshot")
        for persona in personas:
            with working(f"Snapshotting {persona}'s segment"):
                members = service.members(persona, when)
                _size, metrics = service.metrics(persona, when)
            path = write_snapshot(service.ws.root, persona, when, members, metrics)
            shown = plain(path.relative_to(service.ws.root).as_posix())
            print(f"Wrote {shown} ({len(members)} members)")
    finally:
        service.close()
    return 0
