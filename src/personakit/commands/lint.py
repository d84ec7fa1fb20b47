"""`personakit lint`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


def run(
    root: Path | None,
    paths: list[str],
    output_format: str,
    strict: bool,
    as_of: dt.date | None,
) -> int:
    from ..linter import lint
    from ..report import get_reporter

    result = lint(root, paths, strict=strict, today=as_of)
    reporter = get_reporter(output_format, color=sys.stdout.isatty())
    sys.stdout.write(reporter.render(result))
    return result.exit_code
