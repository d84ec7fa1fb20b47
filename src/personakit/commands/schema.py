"""`personakit schema [--out DIR]`.

With `--out`, one file per format is written into DIR (created if needed). DIR is
the boundary: a schema file there that is a symbolic link, or one that is read-only,
is refused with one line rather than followed or replaced, and a name no file system
accepts (a NUL byte, an over-long name) is one line too.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer


def schema(
    out: Annotated[  # a string: a name no file system takes is the command's one line
        str | None, typer.Option("--out", metavar="DIR", help="Write one file per format into DIR.")
    ] = None,
) -> int:
    """JSON Schemas of the file formats, for editor completion."""
    from ..errors import WorkspaceError
    from ..fs import check_name, replace_file, write_new
    from ..schemas import schema_texts, schemas
    from ..terminal import plain

    if out is None:
        sys.stdout.write(json.dumps(schemas(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        return 0
    folder = Path(check_name(out, "--out"))
    if os.path.lexists(folder) and not folder.is_dir():
        raise WorkspaceError("is a file, not a folder", str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create the folder: {exc.strerror or exc}", str(folder)
        ) from None
    base = Path(os.path.realpath(folder))
    for name, text in schema_texts().items():
        path = base / name
        shown = str(folder / name)
        if os.path.lexists(path):
            replace_file(path, text, root=base, shown_as=shown)
        else:
            write_new(path, text, shown, root=base)
        print(f"Wrote {plain(shown)}")
    hint = "# yaml-language-server: $schema=../schemas/persona.schema.json"
    print(f"Point your editor at them with a first line such as `{hint}`.")
    return 0
