"""`personakit quote NOTE "passage"`: anchor a verbatim passage of a note as a quote."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .options import RootOption, workspace_root


def quote(
    ctx: typer.Context,
    note: Annotated[str, typer.Argument(metavar="NOTE", help="A note id (p07) or its path.")],
    passage: Annotated[
        str, typer.Argument(metavar="PASSAGE", help="The words, as said (case and spacing free).")
    ],
    tag: Annotated[
        list[str] | None, typer.Option(metavar="TAG", help="Tag the quote; repeat.")
    ] = None,
    anchor: Annotated[
        str | None, typer.Option(metavar="ID", help="The anchor (default: the next free qN).")
    ] = None,
    root: RootOption = None,
) -> int:
    """Turn a passage of a note into an anchored quote, and print its citation."""
    from ..quoting import quote_passage
    from ..terminal import plain
    from .imports import split_values
    from .new.support import base_root

    base = base_root(workspace_root(ctx, root))
    done = quote_passage(base, note, passage, split_values(tag), anchor)
    where = f"{done.path}:{done.line}"
    if done.changed:
        print(f"Quoted {plain(where)} as {plain(done.ref)}")
    else:
        print(f"Already quoted as {plain(done.ref)} ({plain(where)}); nothing changed")
        if tag or anchor:
            print("personakit: warning: --tag and --anchor were not applied", file=sys.stderr)
    print("Cite it in a claim:")
    print(f"  quotes: [{plain(done.ref)}]")
    return 0
