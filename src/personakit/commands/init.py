"""`personakit init [DIR]`."""

from __future__ import annotations

from pathlib import Path


def run(directory: Path, title: str | None) -> int:
    from ..scaffold import init_workspace

    written = init_workspace(directory, title)
    base = directory.resolve()
    for path in written:
        print(f"Wrote {path.relative_to(base).as_posix()}")
    where = "" if base == Path.cwd().resolve() else f"cd {directory} && "
    print(f"Next: {where}personakit lint, then replace the examples with your own research.")
    return 0
