"""Run every enabled rule over a workspace, then apply settings and suppressions.

Rules know nothing of severities, settings or suppressions: they yield problems. This
module turns problems into findings once, between the rules and the reporters.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .dates import check_days
from .errors import ConfigError, WorkspaceError
from .findings import Finding, Severity
from .fs import check_name, is_inside
from .gc_pause import paused_gc
from .rules import RULES, resolve_rule
from .workspace import CONFIG_NAME, Workspace, load_workspace


@dataclass(frozen=True)
class RuleSetting:
    severity: Severity | None  # None: the rule is off
    options: dict[str, Any]


@dataclass
class Selection:
    """Which findings a run reports: those in `files` (None: every file), and those in
    the line ranges of `claims` (claims whose cited evidence changed)."""

    files: set[str] | None = None
    claims: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def __contains__(self, where: tuple[str, int]) -> bool:
        path, line = where
        if self.files is None or path in self.files:
            return True
        return any(start <= line < end for start, end in self.claims.get(path, ()))

    def paths(self, ws: Workspace) -> list[str]:
        if self.files is None:
            return sorted(known_paths(ws))
        return sorted(self.files | set(self.claims))


def known_paths(ws: Workspace) -> set[str]:
    """Every file of the workspace lint looked at: those read, and those it reported
    on without reading (a FIFO, an oversized file)."""
    return set(ws.texts) | {problem.path for _code, problem in ws.problems}


@dataclass
class LintResult:
    """What one lint run found, and what it read."""

    findings: list[Finding]
    paths: list[str]  # the files reported on
    workspace: Workspace = field(repr=False)
    strict: bool = False

    @property
    def files(self) -> int:
        return len(self.paths)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for finding in self.findings:
            out[finding.severity.value] += 1
        return out

    @property
    def exit_code(self) -> int:
        counts = self.counts()
        return 1 if counts["error"] or (self.strict and counts["warning"]) else 0

    def line_text(self, path: str, line: int) -> str | None:
        """The text of a line of a file that was read, for showing with a finding."""
        text = self.workspace.texts.get(path)
        if text is None:
            return None
        lines = text.split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else None


def lint(
    root: str | Path | None = None,
    paths: list[str] | tuple[str, ...] = (),
    *,
    strict: bool = False,
    today: dt.date | None = None,
    changed_since: str | None = None,
) -> LintResult:
    """Lint the workspace at `root`; with `paths`, report only findings in those files;
    with `changed_since` (a git ref), only findings in files changed since the merge
    base with it, and in claims whose cited evidence changed.

    References always resolve across the whole workspace. Without `root`, the
    workspace is found from the first path given, or else from the current folder.
    """
    for raw in (root, *paths):
        if raw is not None:
            check_name(raw)  # NUL bytes, over-long names: one line before any system call
    if root is None and paths:
        from .workspace import find_root

        start = Path(paths[0])
        root = find_root(start if start.is_dir() else start.parent)
    with paused_gc():
        return _lint(root, paths, strict, today, changed_since)


def _lint(
    root: str | Path | None,
    paths: list[str] | tuple[str, ...],
    strict: bool,
    today: dt.date | None,
    changed_since: str | None,
) -> LintResult:
    ws = load_workspace(root)
    if today is not None:
        ws.today = today
    settings = rule_settings(ws)
    selected = Selection(files=_select_paths(ws, paths))
    if changed_since is not None:
        from .changes import changed_selection

        selected = changed_selection(ws, changed_since, selected.files)
    findings: list[Finding] = []
    for code, rule in RULES.items():
        setting = settings[code]
        if setting.severity is None:
            continue
        for problem in rule.check(ws, setting.options):
            if (problem.path, problem.line) not in selected:
                continue
            if _suppressed(ws, rule, problem.path, problem.line, problem.whole_file):
                continue
            findings.append(
                Finding(
                    problem.path,
                    problem.line,
                    problem.column,
                    code,
                    rule.NAME,
                    setting.severity,
                    problem.message,
                )
            )
    findings = sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.code, f.message))
    return LintResult(findings=findings, paths=selected.paths(ws), workspace=ws, strict=strict)


def rule_settings(ws: Workspace) -> dict[str, RuleSetting]:
    """Each rule's severity and options: defaults, overridden by `personakit.yaml`."""
    settings = {
        code: RuleSetting(rule.SEVERITY, dict(rule.OPTIONS)) for code, rule in RULES.items()
    }
    for key, value in ws.config.rules.items():
        line = ws.config_doc.position(("rules", key), key=True)[0]
        rule = resolve_rule(key)
        if rule is None:
            raise ConfigError(
                f"rules: unknown rule {key!r} (see `personakit rules`)", CONFIG_NAME, line
            )
        base = settings[rule.CODE]
        if isinstance(value, str | bool) or value is None:
            settings[rule.CODE] = RuleSetting(_severity(value, key, line), base.options)
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"rules.{key}: expected a severity or a mapping", CONFIG_NAME, line)
        options = dict(base.options)
        severity = base.severity
        for name, option in value.items():
            opt_line = ws.config_doc.position(("rules", key, name), key=True)[0]
            if name == "severity":
                severity = _severity(option, key, opt_line)
            elif name not in options:
                known = ", ".join(["severity", *rule.OPTIONS]) or "severity"
                raise ConfigError(
                    f"rules.{key}: unknown option {name!r} (known: {known})", CONFIG_NAME, opt_line
                )
            elif not isinstance(option, type(options[name])) or isinstance(option, bool):
                kind = type(options[name]).__name__
                raise ConfigError(f"rules.{key}.{name}: expected {kind}", CONFIG_NAME, opt_line)
            else:
                problem = _option_problem(name, option)
                if problem is not None:
                    raise ConfigError(f"rules.{key}.{name}: {problem}", CONFIG_NAME, opt_line)
                options[name] = option
        settings[rule.CODE] = RuleSetting(severity, options)
    return settings


def _option_problem(name: str, value: Any) -> str | None:
    """Why a number cannot be a rule option's value: day counts must fit the calendar,
    and no option means anything negative, infinite or not a number."""
    if "days" in name.split("_"):  # max_age_days, max_days_without_decision
        return check_days(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number (got {value})"
    if isinstance(value, int | float) and value < 0:
        return f"must be 0 or more (got {value})"
    return None


def _severity(value: Any, key: str, line: int) -> Severity | None:
    if value is False or value in ("off", "none"):
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"rules.{key}: severity must be error, warning, info or off (got {value!r})",
            CONFIG_NAME,
            line,
        ) from None


def _select_paths(ws: Workspace, paths: list[str] | tuple[str, ...]) -> set[str] | None:
    if not paths:
        return None
    selected: set[str] = set()
    known = known_paths(ws)
    # Files are known by the path they were found at, which may run through a link
    # inside the workspace (interviews/old -> ../archive); a path given here is matched
    # by where it really is, so either spelling selects them.
    real_of = {rel: os.path.realpath(os.path.join(ws.root, rel)) for rel in known}
    for raw in paths:
        target = Path(check_name(raw)).resolve()
        if not target.exists():
            raise WorkspaceError("no such file or folder", raw)
        if not is_inside(ws.root, target):
            raise WorkspaceError(f"is outside the workspace {ws.root}", raw)
        real = str(target)
        if target.is_dir():
            inside = real.rstrip(os.sep) + os.sep
            selected.update(p for p, r in real_of.items() if r == real or r.startswith(inside))
        else:
            selected.add(target.relative_to(ws.root).as_posix())
            selected.update(p for p, r in real_of.items() if r == real)
    return selected


def _suppressed(ws: Workspace, rule: ModuleType, path: str, line: int, whole_file: bool) -> bool:
    for sup in ws.suppressions.get(path, ()):
        if not sup.reason:
            continue
        if not any(resolve_rule(r) is rule for r in sup.rules):
            continue
        if whole_file or sup.line in (line, line - 1):
            return True
    return False
