"""Lint reporters: one class per output format, all with `render(result) -> str`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..linter import LintResult


class Reporter(Protocol):
    """An output format for lint's findings."""

    def render(self, result: LintResult) -> str:
        """The whole report for `result`, as the text to print."""


FORMATS = ("text", "json", "github", "sarif", "junit")


def get_reporter(name: str, *, color: bool = False, show_info: bool = False) -> Reporter:
    """The reporter for a format name (imported only when used); `show_info` shows info
    findings in text (every other format carries them all)."""
    if name == "json":
        from .json import JsonReporter

        return JsonReporter()
    if name == "text":
        from .text import TextReporter

        return TextReporter(color=color, show_info=show_info)
    if name == "github":
        from .github import GithubReporter

        return GithubReporter()
    if name == "sarif":
        from .sarif import SarifReporter

        return SarifReporter()
    if name == "junit":
        from .junit import JunitReporter

        return JunitReporter()
    raise ValueError(f"unknown format {name!r}")
