"""`personakit review [PERSONA] [--all]`: on a terminal, claim by claim; `--all` for scripts."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .options import RootOption, complete_persona, workspace_root

# What each answer means; the first letter is enough.
ANSWERS = {
    "a": "accept",
    "accept": "accept",
    "s": "skip",
    "skip": "skip",
    "q": "quit",
    "quit": "quit",
}


def review(
    ctx: typer.Context,
    persona: Annotated[
        str | None,
        typer.Argument(
            metavar="PERSONA", help="One persona (default: all).", autocompletion=complete_persona
        ),
    ] = None,
    sign_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Record every claim's evidence as reviewed without asking (for scripts).",
        ),
    ] = False,
    root: RootOption = None,
) -> int:
    """Record, after re-reading claims against their evidence, what that evidence was."""
    from ..errors import WorkspaceError
    from ..review import LOCK_NAME, pending, record
    from ..review import review as record_review
    from ..session import Session

    session = Session.load(workspace_root(ctx, root))
    ws = session.workspace
    if sign_all:
        count, unresolved = record_review(session, persona)
        who = f"persona {persona}" if persona else f"{len(ws.personas)} personas"
        print(f"Recorded the evidence of {count} claims of {who} as reviewed, in {LOCK_NAME}.")
        for item in unresolved:
            print(f"personakit: warning: {item} points at nothing; not recorded", file=sys.stderr)
        print(f"Next: commit {LOCK_NAME}; lint reports PK110 on claims whose evidence changes.")
        return 0
    items = pending(session, persona)
    if not items:
        print("Nothing to review: every claim's evidence is as last reviewed.")
        return 0
    if not sys.stdin.isatty():
        raise WorkspaceError(
            f"{len(items)} claim(s) to review, and no terminal to ask on: run "
            "`personakit review` on a terminal, or `personakit review --all` to record "
            "every claim as reviewed"
        )
    accepted, asked = _ask_each(items)
    count = record(session, accepted, persona)
    skipped = asked - count
    print(
        f"\nRecorded {count} of {len(items)} claim(s) as reviewed, in {LOCK_NAME}"
        + (f"; {skipped} skipped" if skipped else "")
        + (f"; {len(items) - asked} not reached" if asked < len(items) else "")
        + "."
    )
    if count:
        print(f"Next: commit {LOCK_NAME}; lint reports PK110 on claims whose evidence changes.")
    return 0


def _ask_each(items: list[Any]) -> tuple[list[Any], int]:
    """Show each claim (a `review.Pending`) and what changed, and ask; the accepted ones
    and how many were asked. (Typed `Any`: the library is imported only when run.)"""
    from ..terminal import plain

    accepted: list[Any] = []
    for number, item in enumerate(items, start=1):
        reviewed = f"reviewed {item.reviewed}" if item.reviewed else "never reviewed"
        print(f"\n[{number}/{len(items)}] {plain(item.key)} ({reviewed})")
        print(f"  {plain(item.text)}")
        for change in item.changes:
            said = f": “{plain(change.text)}”" if change.text is not None else ""
            who = f" — {plain(change.who)}" if change.who else ""
            print(f"    {plain(change.ref)} {change.what}{said}{who}")
        answer = _answer()
        if answer == "quit":
            return accepted, number - 1
        if answer == "accept":
            accepted.append(item)
    return accepted, len(items)


def _answer() -> str:
    """Ask until the answer is one of accept, skip or quit (end of input is quit)."""
    while True:
        try:
            reply = input("  Evidence re-read and the claim holds? [a]ccept, [s]kip, [q]uit: ")
        except EOFError:
            print()
            return "quit"
        answer = ANSWERS.get(reply.strip().lower())
        if answer:
            return answer
        print("  Answer a (accept), s (skip) or q (quit).")
