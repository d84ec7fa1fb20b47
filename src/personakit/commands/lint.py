"""`personakit lint`."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path


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
    reporter = get_reporter(output_format, color=sys.stdout.isatty())
    sys.stdout.write(reporter.render(result))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and output_format == "github":
        from ..report.github import summary_markdown

        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(result))
    return result.exit_code
