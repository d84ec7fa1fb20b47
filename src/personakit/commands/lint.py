"""`personakit lint`."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from ..errors import WorkspaceError
from ..terminal import plain

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def run(
    root: Path | None,
    paths: list[str],
    output_format: str | None,
    strict: bool,
    as_of: dt.date | None,
    changed_since: str | None = None,
) -> int:
    from ..linter import lint
    from ..report import get_reporter

    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    output_format = output_format or ("github" if in_actions else "text")
    result = lint(root, paths, strict=strict, today=as_of, changed_since=changed_since)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    reporter = get_reporter(output_format, color=color)
    sys.stdout.write(reporter.render(result))
    summary = os.environ.get(SUMMARY_ENV)
    if summary and output_format == "github":
        from ..report.github import summary_markdown

        # The annotations are out already; a summary that cannot be written is the CI
        # set-up's mistake, told in one line with exit 2 so that it is not missed.
        sys.stdout.flush()
        append_summary(summary, summary_markdown(result))
    return result.exit_code


def append_summary(path: str, markdown: str) -> None:
    """Append `markdown` to the step summary file at `path`, or raise a one-line
    WorkspaceError naming it (a folder, a missing folder, a NUL byte, a name too long,
    no permission)."""
    shown = plain(path if len(path) <= 120 else f"{path[:50]}…{path[-50:]}")
    if "\x00" in path:
        raise WorkspaceError(f"{SUMMARY_ENV}={shown}: the path holds a NUL byte")
    try:
        # O_NONBLOCK: a FIFO nobody reads is an error (ENXIO), not a hang.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(markdown)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise WorkspaceError(
            f"{SUMMARY_ENV}={shown}: cannot append the summary: {reason}"
        ) from None
