"""SIGTERM handled as Ctrl-C, for commands that must clean up on the way out.

A cancelled CI job or a stopped container sends SIGTERM, which would end the process
at once and leave a staging folder, a lock or a temporary site behind; raised as
KeyboardInterrupt instead, it unwinds through the same `finally` blocks as Ctrl-C.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the body, SIGTERM raises KeyboardInterrupt (only on the main thread, the
    one signals are delivered to; elsewhere the body runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
