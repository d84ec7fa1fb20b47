"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

GitHub shows at most ten annotations of each level per step, so errors come first,
then warnings, then notices. The full report, as Markdown, is for the step summary
(`summary_markdown`), which the lint command appends to `$GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import order
from ..terminal import plain

if TYPE_CHECKING:
    from ..findings import Finding
    from ..linter import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped as the runner expects, so
    a message cannot end the annotation and start a command of its own; any other
    control character (ESC, NUL, ...) shown as a `\\xNN` escape, never sent raw."""
    return plain(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and `:` and `,` escaped too,
    which would otherwise end the value or the property list."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command (`::error file=...::`) for `finding`."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.column),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{_LEVEL[finding.severity.value]} {props}::{escape_data(finding.message)}"


class GithubReporter:
    """Findings as GitHub Actions annotations, shown on the pull request's diff."""

    def render(self, result: LintResult) -> str:
        """One annotation line per finding, errors first."""
        ordered = sorted(result.findings, key=lambda f: (f.severity.rank, *order(f)))
        return "".join(annotation(f) + "\n" for f in ordered)


def _cell(text: str) -> str:
    """Workspace text in a Markdown table cell: one line, no raw control characters,
    and no `|` or HTML tag that would break the table."""
    text = " ".join(text.splitlines())
    return plain(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def summary_markdown(result: LintResult) -> str:
    """The whole report as Markdown, for `$GITHUB_STEP_SUMMARY` and pull-request comments."""
    counts = result.counts()
    lines = [
        "## personakit lint",
        "",
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info "
        f"in {result.files} files.",
        "",
    ]
    if result.findings:
        lines += ["| | where | rule | finding |", "| --- | --- | --- | --- |"]
        icon = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
        for f in sorted(result.findings, key=lambda f: (f.severity.rank, *order(f))):
            message = _cell(f.message)
            path = plain(" ".join(f.path.splitlines())).replace("`", "'").replace("|", "\\|")
            where = f"`{path}:{f.line}`"
            lines.append(f"| {icon[f.severity.value]} | {where} | {f.code} {f.name} | {message} |")
        lines.append("")
    return "\n".join(lines)
