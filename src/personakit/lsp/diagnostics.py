"""Lint findings as an editor shows them: one diagnostic per finding, per file.

The open buffers are linted as the editor holds them, unsaved, against the rest of the
workspace on disk (`lint(overrides=...)`), so an edit to a note shows at once in the
persona files that cite it. Each diagnostic links to its rule's documentation, written
once per server from the rule registry (the package
ships no documents of its own to point at) into a folder of the server's own.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from ..session import Session
from ..workspace.memory import WorkspaceMemory
from .positions import lines_of as split_lines


@dataclass(frozen=True)
class FileDiagnostic:
    """A finding placed for an editor: 0-based line and code-point columns on LF lines,
    a severity word, and the finding's `lint --fix` edit (a fix.edits.Fix) if it has one."""

    line: int
    start: int
    end: int
    severity: Severity
    code: str
    name: str
    message: str
    fix: Any = field(default=None, compare=False)


def lint_buffers(
    root: Path,
    buffers: Mapping[str, str],
    today: dt.date | None = None,
    memory: WorkspaceMemory | None = None,
) -> tuple[Session, dict[str, list[FileDiagnostic]]]:
    """The session of a lint of the whole workspace with `buffers` (path -> text) read
    instead of the files on disk, and its diagnostics by path (relative to `root`).
    With `memory`, the notes read are held for the next call, which then reads again
    only the files that changed (workspace/memory.py)."""
    from ..linter import lint

    result = lint(root, today=today, notes_cache=True, overrides=buffers, memory=memory)
    out: dict[str, list[FileDiagnostic]] = {}
    lines_of: dict[str, list[str]] = {}
    placed = memory.placed if memory is not None else {}
    kept: dict[int, tuple[Finding, str, FileDiagnostic]] = {}
    for finding in result.findings:
        path = finding.path
        text = buffers.get(path)
        if text is None:
            text = result.texts.get(path, "")
        was = placed.get(id(finding))
        # The same finding on the same text is placed as it was (run_rules keeps findings).
        if was is not None and was[0] is finding and (was[1] is text or was[1] == text):
            shown = was[2]
        else:
            lines = lines_of.get(path)
            if lines is None:
                if "\r" in text:  # a lone CR ends a line for YAML and editors alike
                    lines = lines_of[path] = split_lines(text)
                elif path in out:  # a second finding here: split the whole file, once
                    lines = lines_of[path] = text.split("\n")
                else:  # most files have one finding, near the top: split no further
                    lines = text.split("\n", max(finding.line, 1))
            shown = _place(finding, lines)
        if memory is not None:
            kept[id(finding)] = (finding, text, shown)
        out.setdefault(path, []).append(shown)
    if memory is not None:
        memory.placed = kept
    return result.session, out


def _place(finding: Finding, lines: list[str]) -> FileDiagnostic:
    line = max(finding.line - 1, 0)
    start = max(finding.column - 1, 0)
    # A line of CRLF text keeps its CR here: stripped below with the other trailing space.
    shown = lines[line] if line < len(lines) else ""
    # The rest of the line from the finding's column: a claim's text, a citation, a key.
    end = max(len(shown.rstrip()), start + 1)
    return FileDiagnostic(
        line,
        start,
        end,
        finding.severity,
        finding.code,
        finding.name,
        finding.message,
        finding.fix,
    )


class RulePages:
    """Each rule's documentation as a Markdown file, for a diagnostic's link: written on
    first use into a folder of the server's own (removed when it exits), never into the
    workspace, whose cache may be off or read-only."""

    def __init__(self) -> None:
        self._folder: Path | None = None

    def page(self, code: str) -> Path | None:
        """The page of rule `code`, or None for no rule by that code."""
        from ..rules import resolve_rule
        from ..rules.docs import explain

        rule = resolve_rule(code)
        if rule is None:
            return None
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="personakit-rules-"))
            atexit.register(shutil.rmtree, self._folder, True)
        page = self._folder / f"{code}.md"
        if not page.exists():
            page.write_text(explain(rule), encoding="utf-8")
        return page
