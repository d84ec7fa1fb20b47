"""`personakit serve`: a live preview of the site while the workspace is edited.

The site is rendered as a draft (every lint finding marked where it applies) into a
temporary folder outside the workspace and served from there by the standard
library's HTTP server (serve/http.py), on 127.0.0.1 unless a host is chosen. Each
batch of edits starts one rebuild through render's incremental writer (serve/build.py:
pages whose inputs did not change are taken over), then open pages reload through
server-sent events. A rebuild that fails keeps the last good site and says why, on the
terminal and on the page. Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops the
server and removes the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import WorkspaceError
from ..interrupts import terminate_as_interrupt
from ..workspace.memory import WorkspaceMemory
from .build import Build, build
from .http import LOOPBACK, Reloads, SiteServer, url
from .watch import changes, relative


def serve(
    root: Path,
    *,
    port: int = 8000,
    host: str | None = None,
    public: bool = False,
    draft: bool = False,
) -> int:
    """Serve a live preview of the workspace at `root` until interrupted; 0 then.

    `host` None serves on 127.0.0.1 only."""
    folder = Path(tempfile.mkdtemp(prefix="personakit-serve-"))
    site = folder / "site"
    reloads = Reloads()
    server: SiteServer | None = None
    serving = False  # shutdown() waits for a loop that must have started
    try:
        with terminate_as_interrupt(), _hangup_as_interrupt():
            try:
                server = SiteServer(
                    (host or LOOPBACK, port), site, reloads, check_host=host is None
                )
            except OSError as exc:
                raise WorkspaceError(
                    f"cannot listen on {host or LOOPBACK} port {port}: {exc.strerror or exc}; "
                    "choose another with --port"
                ) from None
            threading.Thread(target=server.serve_forever, daemon=True).start()
            serving = True
            edits = changes(root, folder, notice=_notice)
            next(edits)  # watching before the first build: no edit from now on is missed
            memory = WorkspaceMemory()  # the workspace as last read, for the next rebuild
            # Every change is named by the watcher: held notes need not be stat'ed.
            memory.watch()
            _report(build(root, site, public=public, draft=draft, memory=memory), reloads, "built")
            address = url(host or LOOPBACK, server.port)
            print(f"Serving {address} (Ctrl-C to stop)", flush=True)
            for batch in edits:
                memory.touched(relative(root, batch))
                again = build(root, site, public=public, draft=draft, memory=memory)
                _report(again, reloads, "rebuilt")
    except KeyboardInterrupt:
        pass
    finally:
        with _stopping():
            reloads.close()
            # first: the rendered site, internal notes included, must not outlive us
            shutil.rmtree(folder, ignore_errors=True)
            if server is not None:
                if serving:
                    server.shutdown()  # waits for the loop's next turn (up to 0.5 s)
                server.server_close()
    with contextlib.suppress(OSError):  # a closed terminal cannot be told
        print("Stopped; the preview's temporary folder is removed.", flush=True)
    return 0


@contextlib.contextmanager
def _stopping() -> Iterator[None]:
    """While the preview stops, Ctrl-C, SIGTERM or SIGHUP again (^C^C^C) is let pass:
    raised in the middle of the clean-up, it would leave the temporary folder behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    held = [getattr(signal, name) for name in names if hasattr(signal, name)]
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: not set from Python, nothing to put back
                signal.signal(sig, handler)


@contextlib.contextmanager
def _hangup_as_interrupt() -> Iterator[None]:
    """Within the body, SIGHUP (the terminal closed, an ssh session dropped) raises
    KeyboardInterrupt, as Ctrl-C does: it would otherwise end the process at once and
    leave the rendered site, internal notes included, in the temporary folder. A
    hangup ignored from the start (`nohup`) stays ignored."""
    hangup = getattr(signal, "SIGHUP", None)
    if (
        hangup is None
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(hangup) is signal.SIG_IGN
    ):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(hangup, interrupt)
    try:
        yield
    finally:
        signal.signal(hangup, previous)


def _notice(line: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {line}", file=sys.stderr, flush=True)


def _report(result: Build, reloads: Reloads, verb: str) -> None:
    """Reload open pages, then one line per rebuild (the error on standard error): once
    the line is printed, every page served says what it says."""
    reloads.publish(result.error)
    line = f"{dt.datetime.now():%H:%M:%S} {result.status(verb)}"
    print(line, file=sys.stderr if result.error else sys.stdout, flush=True)
