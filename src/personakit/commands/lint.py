"""`personakit lint [PATH...]`: check every claim against its evidence."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import WorkspaceError
from ..terminal import plain, plain_lines
from .options import (
    ColorOption,
    RootOption,
    complete_rules,
    date_option,
    workspace_root,
)

if TYPE_CHECKING:
    from ..linter import LintResult
    from ..rule_selection import RuleSelection

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
        list[str] | None, typer.Argument(metavar="PATH", help="Files or folders to report on.")
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
            metavar="REF",
            help="Report only what changed since the merge base with this git ref.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="CODE",
            autocompletion=complete_rules,
            help="Run only these rules: codes, prefixes (PK1), names or ALL; "
            "repeat or separate with commas. Replaces the config's lint.select.",
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            "--extend-select",
            metavar="CODE",
            autocompletion=complete_rules,
            help="Run these rules as well as the selected ones.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODE",
            autocompletion=complete_rules,
            help="Do not run these rules.",
        ),
    ] = None,
    quiet: Annotated[
        int,
        typer.Option(
            "--quiet",
            "-q",
            count=True,
            show_default=False,
            help="-q: print only the summary; -qq: print nothing, the exit code says it.",
        ),
    ] = 0,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics", help="Print how many findings each rule produced, most first."
        ),
    ] = False,
    output_file: Annotated[
        str | None,
        typer.Option(
            "--output-file",
            "-o",
            metavar="FILE",
            help="Write the report to FILE instead of printing it (atomically, never "
            "through a symbolic link).",
        ),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes, then report what is left.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes", help="With --fix or --diff: also the fixes a person must check."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Do not read or write .personakit_cache/ (also PERSONAKIT_NO_CACHE=1).",
        ),
    ] = False,
    color_choice: ColorOption = None,
    root: RootOption = None,
) -> int:
    """Check every claim against its evidence. Read-only, unless --fix."""
    from ..color import use_color
    from ..linter import lint as lint_workspace
    from ..report.output import check_options, lint_report, write_report

    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    # Statistics are for people: in GitHub Actions too they default to text.
    automatic = "github" if in_actions and not statistics else "text"
    chosen = output_format.value if output_format else automatic
    check_options(chosen, statistics=statistics)
    if unsafe_fixes and not (fix or diff):
        raise WorkspaceError("--unsafe-fixes goes with --fix or --diff")
    rules: RuleSelection | None = None
    if select is not None or extend_select or ignore:
        # Only when asked for: the rule registry is not needed to replay the cache.
        from ..rule_selection import RuleSelection

        rules = RuleSelection.from_options(select, extend_select, ignore)

    # --fix and --diff work on the loaded files; the cache holds findings only.
    cache = not (no_cache or fix or diff)

    def run() -> LintResult:
        return lint_workspace(
            workspace_root(ctx, root),
            paths or [],
            strict=strict,
            today=as_of,
            changed_since=changed_since,
            rules=rules,
            cache=cache,
        )

    result = run()
    if fix or diff:
        from ..fix.apply import fix_findings

        outcome = fix_findings(result, unsafe=unsafe_fixes, write=not diff)
        if diff:
            sys.stdout.write(plain_lines(outcome.diff()))
            sys.stdout.flush()
        for line in outcome.messages():
            print(f"personakit: {plain(line)}", file=sys.stderr)
        if diff:
            return 1 if outcome.files else 0
        if outcome.files:
            result = run()  # what is left, as the files now are
        result.fixed = outcome.fixed
    show_info = show_info or result.config_show_info
    if output_file is not None:
        # The file gets the whole report, uncoloured, whatever -q says.
        report = lint_report(result, chosen, statistics=statistics, show_info=show_info)
        write_report(output_file, report)
    else:
        color = use_color(color_choice)
        report = lint_report(
            result, chosen, color=color, quiet=quiet, statistics=statistics, show_info=show_info
        )
        sys.stdout.write(report)
        if result.cache_entry is not None and not (fix or diff):
            from ..replay import record

            record(*result.cache_entry, report, result.exit_code, result.lines_shown)
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
