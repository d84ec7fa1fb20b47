"""The `personakit` program's entry point: `--version` answered before anything heavy is
imported (building the command line costs more than a tenth of a second); everything
else goes to the command line in `personakit.cli`."""

from __future__ import annotations

import sys


def main() -> None:
    """Run personakit with the process's arguments."""
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"personakit {__version__}\n")
        sys.stdout.flush()
        return
    from .cli import main as cli_main

    cli_main()
