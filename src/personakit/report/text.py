"""`--format text`: findings grouped by file, each with the offending line, then a summary.

Each finding's first line is `path:line:col: severity CODE name: message`, which
editors and terminals turn into a link to the place. Info findings are left out unless
asked for (`--show-info`, or `lint: {show_info: true}` in the config); the summary
still counts them, and says when a file could not be read, which is to fix first.

Everything taken from the workspace (paths, messages, source lines) goes through
`terminal.plain`, so a note cannot move the cursor, clear the screen or write a
hyperlink. The output is built as plain strings with ANSI styles added by hand: no
markup language is involved, so `[bold red]` in a message is printed as it is, and the
time taken grows linearly with the number of findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..terminal import plain

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..findings import Finding
    from ..linter import LintResult

_RESET = "\x1b[0m"
_STYLE = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "green": "\x1b[32m",
    "error": "\x1b[1;31m",
    "warning": "\x1b[33m",
    "info": "\x1b[36m",
    "removed": "\x1b[9;31m",  # struck through, red
    "added": "\x1b[4;32m",  # underlined, green
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def _fixable(findings: list[Finding]) -> str:
    """`\n2 fixable with ... --fix (1 more with --unsafe-fixes).`, or nothing."""
    fixes = [f.fix for f in findings if f.fix is not None]
    safe = sum(1 for fix in fixes if getattr(fix, "safe", False))
    unsafe = len(fixes) - safe
    if not fixes:
        return ""
    if not safe:
        return f"\n{unsafe} fixable with `personakit lint --fix --unsafe-fixes` (check the result)."
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
    return f"\n{safe} fixable with `personakit lint --fix`{more}."


class _Sources:
    """Lines of the files that were read, split once per file (not once per finding)."""

    def __init__(self, result: LintResult) -> None:
        texts = getattr(result, "texts", None)  # a cached result reads them lazily
        if texts is None:
            texts = getattr(getattr(result, "workspace", None), "texts", None)
        self._texts: Mapping[str, str] = texts if texts is not None else {}
        self._lines: dict[str, list[str]] = {}
        shown = getattr(result, "lines_shown", None)
        self._shown: set[str] = shown if shown is not None else set()

    def line(self, path: str, number: int) -> str | None:
        lines = self._lines.get(path)
        if lines is None:
            text = self._texts.get(path)
            if text is None:
                return None
            lines = self._lines[path] = text.split("\n")
            self._shown.add(path)
        return lines[number - 1] if 0 < number <= len(lines) else None


class TextReporter:
    """Findings for people: grouped by file, with the source line under each."""

    def __init__(self, color: bool = False, quiet: bool = False, show_info: bool = False) -> None:
        self.color = color
        self.quiet = quiet  # `lint -q`: the summary only
        self.show_info = show_info

    def _style(self, text: str, style: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if self.color and text else text

    def _message(self, finding: Finding) -> str:
        """The message, its word diff (PK103, PK110) in colour when colour is on."""
        message = plain(finding.message)
        diff = (finding.details or {}).get("diff") if self.color else None
        if not diff:
            return message
        from ..worddiff import render  # only for a diff in colour: it loads the evidence

        ops = [(op, plain(text)) for op, text in diff]
        tail = render(ops)
        if not message.endswith(tail):
            return message
        red, green = _STYLE["removed"], _STYLE["added"]
        return message[: -len(tail)] + render(ops, (red, _RESET, green, _RESET))

    def _finding(self, finding: Finding, sources: _Sources) -> str:
        severity = finding.severity.value
        head = (
            self._style(f"{plain(finding.path)}:{finding.line}:{finding.column}:", "bold")
            + " "
            + self._style(severity, severity)
            + self._style(f" {finding.code} {finding.name}: ", "dim")
            + self._message(finding)
            + "\n"
        )
        source = sources.line(finding.path, finding.line)
        if source is not None and source.strip():
            head += self._style(f"{finding.line:>6} | ", "dim") + plain(source.rstrip()) + "\n"
        return head

    def render(self, result: LintResult) -> str:
        # Group by file in order of first appearance; the findings usually arrive sorted,
        # and a dict keeps this linear when they do not.
        """The report as terminal text, ending with the count of errors and warnings."""
        by_path: dict[str, list[Finding]] = {}
        for finding in result.findings:
            if finding.severity.value != "info" or self.show_info:
                by_path.setdefault(finding.path, []).append(finding)
        sources = _Sources(result)
        parts: list[str] = []
        for findings in () if self.quiet else by_path.values():
            parts.extend(self._finding(f, sources) for f in findings)
            parts.append("\n")
        counts = result.counts()
        fixed = getattr(result, "fixed", None)
        if fixed:
            for f in fixed:
                summary = getattr(f.fix, "summary", "")
                parts.append(
                    self._style(f"{plain(f.path)}:{f.line}:{f.column}:", "bold")
                    + " "
                    + self._style("fixed", "green")
                    + self._style(f" {f.code} {f.name}: ", "dim")
                    + plain(summary)
                    + "\n"
                )
            parts.append(self._style(f"Fixed {_plural(len(fixed), 'finding')}.", "green") + "\n")
        if not result.findings:
            parts.append(
                self._style(f"All clear: no findings in {_plural(result.files, 'file')}.", "green")
            )
        else:
            summary = ", ".join(_plural(counts[s], s) for s in ("error", "warning", "info"))
            parts.append(
                self._style(f"Found {summary} in {_plural(result.files, 'file')}.", "bold")
            )
            parts.extend(self._notes(result, counts["info"]))
            if fixed is None:
                parts.append(_fixable(result.findings))
        parts.append("\n")
        return "".join(parts)

    def _notes(self, result: LintResult, info: int) -> list[str]:
        """Lines under the summary: files to fix first, and info findings not shown."""
        notes = []
        unread = len(getattr(result, "unread_files", ()))
        if unread:
            fix = "fix it first" if unread == 1 else "fix them first"
            notes.append(
                self._style(f"{_plural(unread, 'file')} could not be read; {fix}.", "error")
            )
        if info and not self.show_info:
            notes.append(f"{info} info hidden; --show-info shows them.")
        return ["\n" + note for note in notes]
