"""Forked workers that inherit this process's objects instead of being sent copies
(workspace/note_pool.py reads notes so, render/forked.py renders pages so): when
forking is safe, and workers that never leave their parent waiting forever."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

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


class Workers:
    """Worker processes (`context`: fork, forkserver or spawn). A worker that dies
    (killed, out of memory) makes the futures it leaves raise BrokenProcessPool, where
    multiprocessing.Pool would wait for them forever; `stop` ends every worker at once,
    so none writes on after its parent gave up."""

    def __init__(
        self,
        count: int,
        context: multiprocessing.context.BaseContext,
        initializer: Callable[[], None] | None = None,
    ) -> None:
        self.known = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(count, mp_context=context, initializer=initializer)

    def stop(self) -> None:
        """End every worker now, busy or not, and wait until they are gone."""
        for child in set(multiprocessing.active_children()) - self.known:
            child.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def forked_workers(count: int) -> Iterator[ProcessPoolExecutor]:
    """`count` forked workers (see Workers), stopped at once on the way out by an error
    or Ctrl-C, and waited for otherwise."""
    workers = Workers(count, multiprocessing.get_context("fork"), quiet_worker)
    try:
        yield workers.executor
    except BaseException:
        workers.stop()
        raise
    workers.executor.shutdown(wait=True)
