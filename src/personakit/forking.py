"""Worker processes that never leave their parent waiting forever: forked ones that
inherit this process's objects instead of being sent copies (`Forked`:
workspace/note_pool.py reads notes so, render/forked.py renders pages so), when forking
is safe; and long-lived ones started from a fork server and sent their work
(`Workers`: render/parallel.py), when it is not."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

JOBS_ENV = "PERSONAKIT_JOBS"

# Data engines keep threads of their own, which a fork would copy in whatever state
# they hold (a lock held by another thread stays held forever in the child).
_ENGINES = ("duckdb", "pyspark", "psycopg")


def fork_is_safe() -> bool:
    """Whether forking now is safe: the system forks safely, no other thread runs and no
    data engine is loaded."""
    # macOS forks, but its system libraries may crash a forked child that uses them
    # (which is why Python starts processes there by spawning them).
    import multiprocessing  # here: a command that never forks does not pay for it

    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:
        return False
    return not any(name in sys.modules for name in _ENGINES)


def jobs(auto: bool = True) -> tuple[int, bool]:
    """How many processes may work, and whether the user chose it (`PERSONAKIT_JOBS`,
    as for lint's note readers and render); without a choice, every core when `auto`,
    else one."""
    chosen = os.environ.get(JOBS_ENV, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return min(int(chosen), 64), True
    if not auto:
        return 1, False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(cores, 1), False


def _quiet_worker() -> None:
    """What a forked worker does first. A fork inherits the command's signal handlers
    (render turns SIGTERM into Ctrl-C); a worker is stopped by SIGTERM when its parent
    is done or gives up, and must then just end, and Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Forked:
    """Calls run in forked processes, one process each, each sending its result back
    through a pipe of its own. A process that dies (killed, out of memory) is the end
    of its pipe, never a wait forever (multiprocessing.Pool waits for a lost result
    forever, and a process pool's `shutdown` may wait for a half-sent one); `stop`
    ends exactly these processes."""

    def __init__(self) -> None:
        self._running: list[tuple[Any, Any]] = []  # (process, the read end of its pipe)

    def start(self, call: Callable[..., Any], *args: Any) -> int:
        """Fork a process running `call(*args)`; the number to ask `result` for."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(writer, call, args), daemon=True)
        process.start()
        writer.close()  # else the pipe never ends when the process dies
        self._running.append((process, reader))
        return len(self._running) - 1

    def result(self, number: int) -> Any:
        """What the call of process `number` returned (what it raised is raised here);
        ProcessDied if it ended without answering."""
        process, reader = self._running[number]
        try:
            ok, value = reader.recv()
        except (EOFError, OSError):
            raise ProcessDied from None
        finally:
            reader.close()
            process.join()
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """End every process now, busy or not, and wait until they are gone (a second
        Ctrl-C or SIGTERM waits until then, as for `Workers.stop`)."""
        with _signals_held():
            for process, reader in self._running:
                if process.is_alive():
                    process.terminate()
                reader.close()
            for process, _reader in self._running:
                process.join()


class Workers:
    """`count` long-lived processes started from `context` (a fork server's or spawn's:
    a forked worker would hold its parent's end of every pipe), each running `call` on
    the items it is sent, one at a time, through a pipe of its own.
    An item goes only to a worker waiting for one, so neither side ever blocks on a
    full pipe; a worker that dies (killed, out of memory) is ProcessDied for whoever
    sends to it or waits for it (multiprocessing.Pool loses a dead worker's task and
    waits for its result forever); `stop` ends exactly these processes."""

    def __init__(self, context: Any, count: int, call: Callable[[Any], Any]) -> None:
        self._processes: list[Any] = []
        self._idle: list[Any] = []  # this side of the pipes of workers waiting
        self._busy: list[Any] = []
        self._backlog: deque[Any] = deque()
        try:
            if context.get_start_method() == "forkserver":
                _start_fork_server()
            for _ in range(count):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, call), daemon=True)
                self._processes.append(process)
                process.start()
                theirs.close()  # else a dead worker's pipe never ends
                self._idle.append(mine)
        except BaseException:
            self.stop()
            raise

    def submit(self, item: Any) -> None:
        """Run `call(item)` in the first worker free to take it."""
        self._backlog.append(item)
        self._hand_out()

    def _hand_out(self) -> None:
        while self._idle and self._backlog:
            pipe = self._idle.pop()
            try:
                pipe.send(self._backlog.popleft())
            except OSError:  # the worker is gone
                raise ProcessDied from None
            self._busy.append(pipe)

    def results(self, wait_all: bool) -> list[Any]:
        """What the calls that ended since the last time returned, in the order they
        ended (what one raised is raised here); with `wait_all`, once every item sent
        has been done."""
        from multiprocessing.connection import wait

        answers: list[Any] = []
        while self._busy:
            ready: list[Any] = wait(self._busy, timeout=None if wait_all else 0)
            if not ready:
                break
            for pipe in ready:
                try:
                    ok, value = pipe.recv()
                except (EOFError, OSError):
                    raise ProcessDied from None
                self._busy.remove(pipe)
                self._idle.append(pipe)
                if not ok:
                    raise value
                answers.append(value)
            self._hand_out()
        return answers

    def stop(self) -> None:
        """End every worker now, busy or not, and wait until they are gone. A second
        Ctrl-C or SIGTERM waits until then: a worker left running would go on writing
        into a folder its parent is removing."""
        with _signals_held():
            for process in self._processes:
                if process.is_alive():
                    process.terminate()
            for pipe in self._idle + self._busy:
                pipe.close()
            for process in self._processes:
                process.join()
            self._processes, self._idle, self._busy = [], [], []


class ProcessDied(Exception):
    """A worker process ended without sending its result."""


def _run(writer: Any, call: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _quiet_worker()
    _answer(writer, call, args)
    writer.close()


def _serve(pipe: Any, call: Callable[[Any], Any]) -> None:
    _quiet_worker()
    while True:
        try:
            item = pipe.recv()
        except EOFError:  # the parent is done with this worker
            return
        if not _answer(pipe, call, (item,)):
            return


def _answer(pipe: Any, call: Callable[..., Any], args: tuple[Any, ...]) -> bool:
    """Send what `call(*args)` returned, or what it raised, for the parent to raise;
    False when the parent is gone (killed, or stopped waiting), and nobody is told."""
    try:
        answer: tuple[bool, Any] = (True, call(*args))
    except Exception as exc:
        answer = (False, exc)
    try:
        try:
            pipe.send(answer)
        except OSError:
            raise
        except Exception as exc:  # not picklable: the parent gets what can be told of it
            pipe.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    except OSError:
        return False
    return True


def _start_fork_server() -> None:
    """Start the fork server, if it is not running, with Ctrl-C ignored: it ignores
    Ctrl-C itself, but only once it has imported what it preloads, and a Ctrl-C
    before that would print its traceback beside the command's one line."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()  # the server inherits the ignoring as it starts
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held until the block is done (in the main thread, where
    they are handled), then delivered."""
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
