"""What the `new` commands share: the workspace root, known values to offer at the
prompts, and the closing message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import WorkspaceError
from ..asking import Asker


def base_root(root: Path | None) -> Path:
    """The workspace root: `root` resolved, or found by walking up from here."""
    from ...workspace import find_root

    return root.resolve() if root else find_root(Path.cwd())


def known_values(root: Path, asker: Asker) -> dict[str, list[str]]:
    """What the workspace knows, to offer at the prompts (only loaded on a terminal)."""
    if not asker.interactive:
        return {}
    from ...session import Session

    try:
        ws = Session.load(root).workspace
    except WorkspaceError:
        return {}
    roles = {n.meta.role for n in ws.notes.values() if n.meta.role} | set(ws.personas)
    return {
        "personas": sorted(ws.personas),
        "roles": sorted(roles),
        "tags": sorted({t for n in ws.notes.values() for t in n.tags}),
        "steps": sorted(f"{j.id}/{s.id}" for j in ws.journeys.values() for s in j.model.steps),
        "claims": sorted(
            f"{p.id}#{c.claim.id}" for p in ws.personas.values() for c in p.claims if c.claim.id
        ),
    }


def ask_date(asker: Asker, given: dt.date | None) -> dt.date:
    """`--date` as given, else asked for on a terminal (through `dates.parse_date`), else today."""
    if given is not None:
        return given
    today = dt.date.today()
    if not asker.interactive:
        return today
    from ...dates import DateError, parse_date

    answer = asker.text(None, "--date", "Date (YYYY-MM-DD)", default=today.isoformat())
    try:
        return parse_date(answer or today.isoformat())
    except DateError as exc:
        raise WorkspaceError(f"--date: {exc}") from None


def done(root: Path, path: Path, what: str, next_step: str, detail: str | None = None) -> int:
    """Say what was written (and `detail`, how it reads) and what to do next; exit code 0."""
    from ...terminal import plain

    print(f"{what} {path.relative_to(root).as_posix()}")
    if detail:
        print(f"  {plain(detail)}")
    print(f"Next: {next_step}")
    return 0
