"""`personakit diff`, `review`, `tags` and `schema`: working with changes and evidence."""

from __future__ import annotations

from typing import Annotated

import typer

from . import RootOption, _root, _run, app


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(help="Base revision (default: merge base with the default branch)."),
    ] = None,
    head: Annotated[
        str | None, typer.Argument(help="Head revision (default: the working tree).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="md or json.")] = "md",
    root: RootOption = None,
) -> None:
    """What changed between two revisions, claim by claim, as Markdown for a pull request."""
    from ..commands import diff as command

    if output_format not in ("md", "json"):
        raise typer.BadParameter(f"{output_format!r} is not md or json", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), base, head, output_format))


@app.command()
def review(
    ctx: typer.Context,
    persona: Annotated[str | None, typer.Argument(help="One persona (default: all).")] = None,
    root: RootOption = None,
) -> None:
    """Record, after re-reading claims against their evidence, what that evidence was."""
    from ..commands import review as command

    _run(lambda: command.run(_root(ctx, root), persona))


@app.command()
def schema(
    out: Annotated[  # a string: a name no file system takes is the command's one line
        str | None, typer.Option("--out", help="Write one file per format into DIR.")
    ] = None,
) -> None:
    """JSON Schemas of the file formats, for editor completion."""
    from ..commands import schema as command

    _run(lambda: command.run(out))


@app.command()
def tags(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option("--by", help="Front-matter field to split by (role, kind, ...).")
    ] = "role",
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    root: RootOption = None,
) -> None:
    """How many distinct participants carry each tag: the raw material of counts."""
    from ..commands import tags as command

    if output_format not in ("table", "json"):
        raise typer.BadParameter(f"{output_format!r} is not table or json", param_hint="--format")
    _run(lambda: command.run(_root(ctx, root), by, output_format))
