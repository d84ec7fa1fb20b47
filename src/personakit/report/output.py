"""What `personakit lint` prints or writes: the report in its format, shaped by
`--quiet` and `--statistics`, and `--output-file` written safely.

- `-q`: the text report is its summary only; a machine format (json, github, sarif,
  junit) is whole or nothing, so `-q` leaves it as it is.
- `-qq`: nothing at all; the exit code says it.
- `--statistics`: instead of the findings, one line per rule with its count (text, with
  the summary under it) or a JSON array (json); other formats refuse it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from . import get_reporter

if TYPE_CHECKING:
    from ..linter import LintResult

STATISTICS_FORMATS = ("text", "json")


def lint_report(
    result: LintResult,
    output_format: str,
    *,
    color: bool = False,
    quiet: int = 0,
    statistics: bool = False,
    show_info: bool = False,
) -> str:
    """The text lint prints for `result` (empty under `-qq`); info findings appear in
    text only with `show_info`."""
    check_options(output_format, statistics=statistics)
    if quiet >= 2:
        return ""
    if output_format == "text":
        from .text import TextReporter

        summary = TextReporter(color=color, quiet=True, show_info=show_info).render(result)
        if statistics:
            from .statistics import statistics_text

            counts = statistics_text(result.findings)
            return f"{counts}\n{summary}" if counts else summary
        if quiet:
            return summary
        return TextReporter(color=color, show_info=show_info).render(result)
    if statistics:
        from .statistics import statistics_json

        return statistics_json(result.findings)
    return get_reporter(output_format, color=color).render(result)


def check_options(output_format: str, *, statistics: bool = False) -> None:
    """Refuse (one line, exit 2) a combination the report cannot honour, before any work."""
    if statistics and output_format not in STATISTICS_FORMATS:
        raise WorkspaceError(
            f"--statistics prints text or json, not {output_format} (choose one with --format)"
        )


def write_report(path: str, text: str) -> None:
    """Write `text` to `path` (any path the user chose: it is their command line),
    atomically, never through a symbolic link nor over a read-only file; a missing
    folder is created. Any failure is a one-line WorkspaceError naming the file."""
    from ..fs import check_name, replace_file
    from ..terminal import plain

    shown = f"--output-file {plain(path)}"
    replace_file(Path(check_name(path, shown)), text, shown_as=shown)
