"""The `personakit` program's entry point: `--version`, a lint whose answer is
recorded (replay.py) and a data command whose plan is kept (data/plans.py), answered
before anything heavy is imported (building the command line costs more than a tenth
of a second); everything else goes to the command line in `personakit.cli`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run personakit with the process's arguments."""
    if sys.stdout is None:
        # Started with standard output closed (`personakit lint >&-`): Python has no
        # stream to print to, and every command prints. Said once, as `ls` says it.
        if sys.stderr is not None:
            sys.stderr.write("personakit: error: standard output is closed\n")
            sys.stderr.flush()
        os._exit(2)
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"personakit {__version__}\n")
        sys.stdout.flush()
        return
    from . import replay

    replay.invocation = sys.argv[1:]
    code = replay.replay(replay.invocation)
    if code is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        # As the command line ends: the process is over, nothing to tear down.
        os._exit(code)
    if any(word in replay.invocation for word in ("segment", "top", "playbook")):
        from .data import plans

        plans.invocation = replay.invocation
        code = plans.answer(plans.invocation)
        if code is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    from .cli import main as cli_main

    cli_main()
