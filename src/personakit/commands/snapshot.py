"""`personakit snapshot`: record each segment's members (keys only) under segments/, and
each playbook's member states."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from ..data.output import working
from ..errors import WorkspaceError
from ..terminal import plain
from .data_support import open_service
from .options import AsOfOption, RootOption, workspace_root


def snapshot(ctx: typer.Context, as_of: AsOfOption = None, root: RootOption = None) -> int:
    """Record each segment's members (keys only) and metrics, and playbook states."""
    from ..data.snapshots import write_snapshot

    when = as_of or dt.date.today()

    service = open_service(workspace_root(ctx, root))
    try:
        personas = [
            p for p, doc in sorted(service.ws.personas.items()) if doc.model.segment is not None
        ]
        if not personas:
            raise WorkspaceError("no persona has a segment to snapshot")
        # Everything is asked before anything is written: a playbook the data cannot
        # answer stops the command with no segment snapshot written without it.
        asked = []
        for persona in personas:
            with working(f"Snapshotting {persona}'s segment"):
                members = service.members(persona, when)
                _size, metrics = service.metrics(persona, when)
            states = None
            if service.ws.personas[persona].model.playbook is not None:
                states = _playbook_states(service, persona, when)
            asked.append((persona, members, metrics, states))
        for persona, members, metrics, states in asked:
            path = write_snapshot(service.ws.root, persona, when, members, metrics)
            shown = plain(path.relative_to(service.ws.root).as_posix())
            print(f"Wrote {shown} ({len(members)} members)")
            if states is not None:
                _write_playbook(service, persona, when, states)
    finally:
        service.close()
    return 0


def _playbook_states(service: Any, persona: str, when: dt.date) -> Any:
    """Each member's step states on `when`."""
    from ..data import playbooks

    with working(f"Snapshotting {persona}'s playbook"):
        return playbooks.member_states(service, persona, when)


def _write_playbook(service: Any, persona: str, when: dt.date, members: Any) -> None:
    """Record each member's step states, so `playbook --as-of` that day and the
    rendered trend stay what they were."""
    from ..data.playbook_snapshots import write_playbook_snapshot
    from ..data.playbook_states import summarise

    playbook = service.ws.personas[persona].model.playbook
    ids = [step.id for step in playbook.steps]
    path = write_playbook_snapshot(service.ws.root, persona, when, ids, members)
    shown = plain(path.relative_to(service.ws.root).as_posix())
    at_risk = summarise(persona, when, ids, members).at_risk
    print(f"Wrote {shown} ({len(members)} members, {at_risk} at risk)")
