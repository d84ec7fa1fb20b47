"""Pause Python's cyclic garbage collector around bulk work.

Loading a workspace allocates hundreds of thousands of small objects that live until
the run ends. The collector would scan them again and again while they are created
(a third of lint's time on ten thousand notes); reference counting still frees what
is dropped, and the collector resumes, as it was, when the work is done.

What the work built is then frozen out of the collector's view (`gc.freeze`): the first
collection after resuming would otherwise walk every object of the workspace once more,
close to half a second on ten thousand notes, only for a command about to exit. A long-
running process (the language server) pauses again for each lint, and the pause first
hands the previous run's objects back to the collector, so nothing is kept for good.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the body with the cyclic collector off, restoring its state afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
