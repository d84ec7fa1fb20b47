"""`personakit lint [PATH...]`: check every claim against its evidence."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..errors import WorkspaceError
from ..terminal import plain
from .options import RootOption, date_option, workspace_root

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


class LintFormat(StrEnum):
    """`--format`: the reporters' formats, `report.FORMATS` (pinned by a test)."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to report on.")
    ] = None,
    output_format: Annotated[
        LintFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github, sarif or junit (github by default in GitHub Actions).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    show_info: Annotated[
        bool,
        typer.Option(
            "--show-info",
            help="Show info findings in the text report (counted in its summary either way).",
        ),
    ] = False,
    as_of: Annotated[
        dt.date | None, date_option("--as-of", "Judge ages as of this date (YYYY-MM-DD).")
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help="Report only what changed since the merge base with this git ref.",
        ),
    ] = None,
    root: RootOption = None,
) -> int:
    """Check every claim against its evidence. Read-only."""
    from ..linter import lint as lint_workspace
    from ..report import get_reporter

    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = output_format.value if output_format else ("github" if in_actions else "text")
    result = lint_workspace(
        workspace_root(ctx, root),
        paths or [],
        strict=strict,
        today=as_of,
        changed_since=changed_since,
    )
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    show_info = show_info or result.workspace.config.lint.show_info
    reporter = get_reporter(chosen, color=color, show_info=show_info)
    sys.stdout.write(reporter.render(result))
    summary = os.environ.get(SUMMARY_ENV)
    if summary and chosen == "github":
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
