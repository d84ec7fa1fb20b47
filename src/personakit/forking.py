"""When this process may fork workers that inherit its objects instead of being sent
copies (workspace/note_pool.py reads notes so, render/forked.py renders pages so)."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading

# Data engines keep threads of their own, which a fork would copy in whatever state
# they hold (a lock held by another thread stays held forever in the child).
_ENGINES = ("duckdb", "pyspark", "psycopg")


def fork_is_safe() -> bool:
    """Whether forking now is safe: the system forks, no other thread runs and no data
    engine is loaded."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:
        return False
    return not any(name in sys.modules for name in _ENGINES)


def quiet_worker() -> None:
    """A forked worker's initializer. A fork inherits the command's signal handlers
    (render turns SIGTERM into Ctrl-C); a worker is stopped by SIGTERM when its parent
    is done or gives up, and must then just end, and Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
