"""`--format text`: findings grouped by file, each with the offending line, then a summary.

Each finding's first line is `path:line:col: severity CODE name: message`, which
editors and terminals turn into a link to the place.
"""

from __future__ import annotations

import io
from itertools import groupby
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from ..linter import LintResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


class TextReporter:
    def __init__(self, color: bool = False) -> None:
        self.color = color

    def render(self, result: LintResult) -> str:
        out = io.StringIO()
        console = Console(
            file=out,
            force_terminal=self.color,
            no_color=not self.color,
            highlight=False,
            width=10_000,
            color_system="standard" if self.color else None,
        )
        for _path, findings in groupby(result.findings, key=lambda f: f.path):
            for finding in findings:
                head = Text()
                head.append(f"{finding.path}:{finding.line}:{finding.column}:", style="bold")
                head.append(" ")
                head.append(finding.severity.value, style=_STYLE[finding.severity.value])
                head.append(f" {finding.code} {finding.name}: ", style="dim" if self.color else "")
                head.append(finding.message)
                console.print(head, soft_wrap=True)
                source = result.line_text(finding.path, finding.line)
                if source is not None and source.strip():
                    gutter = Text(f"{finding.line:>6} | ", style="dim")
                    console.print(gutter + Text(source.rstrip()), soft_wrap=True)
            console.print()
        counts = result.counts()
        if not result.findings:
            console.print(
                Text(f"All clear: no findings in {_plural(result.files, 'file')}.", style="green"),
                soft_wrap=True,
            )
        else:
            summary = ", ".join(_plural(counts[s], s) for s in ("error", "warning", "info"))
            console.print(
                Text(f"Found {summary} in {_plural(result.files, 'file')}.", style="bold"),
                soft_wrap=True,
            )
        return out.getvalue()
