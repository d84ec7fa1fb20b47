"""`personakit init [DIR]`."""

from __future__ import annotations

from pathlib import Path


def run(directory: str | Path, title: str | None) -> int:
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
