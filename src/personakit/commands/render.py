"""`personakit render`."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, a container stopped) unwinds like Ctrl-C, so the
    staging folder and the lock beside --out are removed on that way out too."""
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


def run(root: Path | None, out: Path | None, fmt: str, public: bool, draft: bool) -> int:
    from ..render import render

    progress = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task("Rendering", total=None)
        bar.start()

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

    try:
        with _terminate_as_interrupt():
            result = render(root, out, fmt=fmt, public=public, draft=draft, progress=progress)
    finally:
        if bar is not None:
            bar.stop()
    if not result.written:
        print(
            f"personakit: {result.errors} lint error(s); nothing rendered. Fix them "
            "(`personakit lint`) or render a marked-up draft with --draft.",
            file=sys.stderr,
        )
        return 1
    where = result.out
    with contextlib.suppress(ValueError):
        where = result.out.relative_to(Path.cwd())
    kind = "draft " if draft else ("public " if public else "")
    index = "index.html" if fmt == "html" else "index.md"
    print(
        f"Rendered a {kind}{'site' if fmt == 'html' else 'Markdown set'} of {result.pages} pages "
        f"into {where}/ (open {where}/{index})."
    )
    return 0
