"""Applying the fixes of a lint run: `personakit lint --fix`, `--diff`, `--unsafe-fixes`.

Each file is read again (`scaffold.files.read_source`: no links, FIFOs or files outside
the workspace; line endings and BOM kept) and must still hold the text lint read, or
it is left alone: a file edited meanwhile would get edits at the wrong places. The
edits are applied to the text, the result is parsed again and must load as the old
data with exactly the fixed values changed; only then is it written, atomically
(`fs.replace_file`). Anything refused is said in one line and leaves its findings
reported, unfixed.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import WorkspaceError
from ..fs import replace_file
from ..scaffold.files import Source, read_source
from ..workspace.loader import YamlError, parse_yaml
from .edits import Edit, Fix

if TYPE_CHECKING:
    from pathlib import Path

    from ..findings import Finding
    from ..linter import LintResult


@dataclass
class FileFix:
    """One file's text before and after its fixes, and the findings they fix."""

    path: str
    source: Source
    after: str
    findings: list[Finding]


@dataclass
class FixOutcome:
    """What `--fix` did or (with `--diff`) would do."""

    files: list[FileFix] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line each: why a file was left
    unsafe_left: int = 0  # findings with a fix that needs --unsafe-fixes
    written: bool = False

    def messages(self) -> list[str]:
        """One line each for people: files refused, fixes done or previewed, unsafe ones left."""
        out = [f"warning: {line}" for line in self.refused]
        n = len(self.fixed)
        if not self.written:
            out.append(f"Would fix {n} finding{'' if n == 1 else 's'}.")
        if self.unsafe_left:
            out.append(
                f"{self.unsafe_left} more fixable with --unsafe-fixes "
                "(check the result before you commit it)."
            )
        return out

    @property
    def fixed(self) -> list[Finding]:
        """The findings the fixes repair."""
        return [f for file in self.files for f in file.findings]

    def diff(self) -> str:
        """The changes as a unified diff, file by file (`a/PATH`, `b/PATH`), that
        `patch -p1` or `git apply` turns into what `--fix` writes: each line with the
        file's own line ending (CRLF stays CRLF), and a last line without one marked so."""
        out: list[str] = []
        for file in self.files:
            newline = file.source.newline
            for line in difflib.unified_diff(
                file.source.text.splitlines(keepends=True),
                file.after.splitlines(keepends=True),
                f"a/{file.path}",
                f"b/{file.path}",
            ):
                if line.startswith(("--- ", "+++ ", "@@ ")):
                    out.append(line)
                elif line.endswith("\n"):
                    out.append(line[:-1] + newline)
                else:
                    out.append(line + "\n\\ No newline at end of file\n")
        return "".join(out)


def plan_fixes(result: LintResult, *, unsafe: bool = False) -> FixOutcome:
    """The fixes of `result`'s findings, applied to the files' texts in memory."""
    outcome = FixOutcome()
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        fix = finding.fix
        if not isinstance(fix, Fix):
            continue
        if not fix.safe and not unsafe:
            outcome.unsafe_left += 1
            continue
        by_path.setdefault(fix.path, []).append(finding)
    root = result.workspace.root
    for path, findings in sorted(by_path.items()):
        try:
            planned = _plan_file(root, path, result.workspace.texts.get(path), findings)
        except WorkspaceError as exc:
            outcome.refused.append(f"{exc}; not fixed")
            continue
        if planned is not None:
            outcome.files.append(planned)
    return outcome


def fix_findings(result: LintResult, *, unsafe: bool = False, write: bool = True) -> FixOutcome:
    """Plan the fixes of `result`'s findings and, with `write`, write the fixed files."""
    outcome = plan_fixes(result, unsafe=unsafe)
    if write:
        write_fixes(outcome, result.workspace.root)
        outcome.written = True
    return outcome


def write_fixes(outcome: FixOutcome, root: Path) -> None:
    """Write each fixed file atomically, keeping its line endings, BOM and permissions; a
    file that cannot be written (read-only, a link put in its place) is left out of the
    outcome with its reason, and the others are still written."""
    written = []
    for file in outcome.files:
        try:
            replace_file(
                root / file.path, file.source.encode(file.after), root=root, shown_as=file.path
            )
        except WorkspaceError as exc:
            outcome.refused.append(f"{exc}; not fixed")
            continue
        written.append(file)
    outcome.files = written


def _plan_file(root: Path, path: str, read: str | None, findings: list[Finding]) -> FileFix | None:
    source = read_source(root / path, root, shown_as=path)
    if read is None or source.text != read:
        raise WorkspaceError("changed since lint read it; run lint again", path)
    taken: list[Finding] = []
    edits: list[Edit] = []
    for finding in sorted(findings, key=lambda f: (f.line, f.column)):
        fix: Fix = finding.fix
        if any(_overlap(e, o) for e in fix.edits for o in edits):
            continue  # two fixes of one value: the next run applies the other
        taken.append(finding)
        edits.extend(fix.edits)
    after = _apply(source.text, edits)
    _verify(path, source.text, after, edits)
    return FileFix(path, source, after, taken) if after != source.text else None


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end


def _apply(text: str, edits: list[Edit]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: tuple[int, int]) -> int:
        line, column = position
        return starts[line - 1] + column - 1

    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start = _past_properties(text, offset(edit.start))
        text = text[:start] + edit.text + text[offset(edit.end) :]
    return text


# A node's anchor (`&n`) or tag (`!!int`), which the parser counts as part of the node.
_PROPERTY = re.compile(r"[&!]\S*(?:[ \t]+|(?:[ \t]*#[^\n]*)?\n[ \t]*)")


def _past_properties(text: str, start: int) -> int:
    """Where the value itself starts after `start`: a fix replaces the value and keeps
    its anchor and tag (`n: &stated 5` becomes `n: &stated 2`)."""
    while match := _PROPERTY.match(text, start):
        start = match.end()
    return start


def _verify(path: str, before: str, after: str, edits: list[Edit]) -> None:
    """Refuse (WorkspaceError) unless `after` loads as `before` with exactly the edited
    values changed: the last guard against writing a file that means something else."""
    try:
        expected = copy.deepcopy(parse_yaml(before).data)
        for edit in edits:
            _set(expected, edit.data_path, edit.value)
        ok = parse_yaml(after).data == expected
    except (YamlError, KeyError, IndexError, TypeError, ValueError):
        ok = False
    if not ok:
        raise WorkspaceError("the fix would change more than the fixed values", path)


def _set(data: Any, data_path: tuple[str | int, ...], value: Any) -> None:
    for part in data_path[:-1]:
        data = data[part]
    data[data_path[-1]] = value
