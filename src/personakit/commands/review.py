"""`personakit review [PERSONA]`."""

from __future__ import annotations

import sys
from pathlib import Path


def run(root: Path | None, persona: str | None) -> int:
    from ..review import LOCK_NAME, review
    from ..session import Session

    session = Session.load(root)
    ws = session.workspace
    count, unresolved = review(session, persona)
    who = f"persona {persona}" if persona else f"{len(ws.personas)} personas"
    print(f"Recorded the evidence of {count} claims of {who} as reviewed, in {LOCK_NAME}.")
    for item in unresolved:
        print(f"personakit: warning: {item} points at nothing; not recorded", file=sys.stderr)
    print(f"Next: commit {LOCK_NAME}; lint reports PK110 on claims whose evidence changes.")
    return 0
