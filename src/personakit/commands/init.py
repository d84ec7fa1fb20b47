"""`personakit init [DIR]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    # A string, not a Path: a name no file system takes (NUL, too long) is then refused
    # by the command in one line rather than by the option parser in a usage box.
    directory: Annotated[str, typer.Argument(help="Folder to create the workspace in.")] = ".",
    title: Annotated[str | None, typer.Option("--title", help="The workspace's title.")] = None,
) -> int:
    """Create a workspace: config, folders and one small example of each file."""
    from ..fs import check_name
    from ..scaffold import init_workspace
    from ..terminal import plain

    folder = Path(check_name(directory))
    written = init_workspace(folder, title)
    base = folder.resolve()
    for path in written:
        print(f"Wrote {path.relative_to(base).as_posix()}")
    where = "" if base == Path.cwd().resolve() else f"cd {plain(str(folder))} && "
    print(f"Next: {where}personakit lint, then replace the examples with your own research.")
    return 0
