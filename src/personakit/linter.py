"""Run every enabled rule over a workspace, then apply settings and suppressions.

Rules know nothing of severities, settings or suppressions: they yield problems. This
module turns problems into findings once, between the rules and the reporters.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import WorkspaceError
from .findings import Finding, Severity, order
from .fs import check_name, is_inside
from .gc_pause import paused_gc

if TYPE_CHECKING:
    from .model.documents import Workspace
    from .model.records import Problem
    from .rule_selection import RuleSelection
    from .selection import Selection
    from .session import Session
    from .settings import RuleSetting, rule_settings
    from .workspace.memory import WorkspaceMemory

__all__ = [
    "LintResult",
    "RuleSelection",
    "RuleSetting",
    "Selection",
    "lint",
    "rule_settings",
    "run_rules",
]


def __getattr__(name: str) -> Any:
    # The re-exports are imported when asked for, so that a lint answered from the
    # cache loads neither pydantic nor the rules (lint_cache.py).
    if name == "RuleSelection":
        from .rule_selection import RuleSelection

        return RuleSelection
    if name == "Selection":
        from .selection import Selection

        return Selection
    if name in ("RuleSetting", "rule_settings"):
        from . import settings

        return getattr(settings, name)
    raise AttributeError(name)


@dataclass
class LintResult:
    """What one lint run found, and what it read."""

    findings: list[Finding]
    paths: list[str]  # the files reported on
    workspace: Workspace = field(repr=False)
    strict: bool = False
    # The run's context, for whoever builds on the findings (render, diff). Never None
    # after __post_init__; the None default (hence the ignore) lets a result be built
    # from findings alone, as reporters' tests do.
    session: Session = field(default=None, repr=False)  # type: ignore[assignment]
    # With `lint --fix`: the findings the fixes repaired (the findings above are then
    # those of a run after the fixes); None when no fix was asked for.
    fixed: list[Finding] | None = None
    # The workspace root, the lint cache entry that holds exactly these findings
    # (replayed or just written) and the digest of that answer, for the lint command to
    # record its output against.
    cache_entry: tuple[Path, str, str] | None = None
    # The files whose lines a report of this result showed (report/text.py): a replay
    # of that report no longer holds once one of them is edited, however slightly.
    lines_shown: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.session is None:
            from .session import Session

            self.session = Session(self.workspace)

    def close(self) -> None:
        """Close the data engine the run opened, if any (its files stay open until then,
        for whoever builds on the result: render, a language server)."""
        session = self.session
        if session is not None:
            session.close()

    def __enter__(self) -> LintResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def files(self) -> int:
        """How many files the run looked at."""
        return len(self.paths)

    def counts(self) -> dict[str, int]:
        """Findings by severity: error, warning, info."""
        out = {s.value: 0 for s in Severity}
        for finding in self.findings:
            out[finding.severity.value] += 1
        return out

    @property
    def unread_files(self) -> list[str]:
        """Files reported as not parsing or not valid (PK001/PK002 found at load): read
        only in part or not at all, so what refers to them went unchecked."""
        ws = getattr(self, "workspace", None)
        loaded = {(p.path, p.line, p.column, code) for code, p in getattr(ws, "problems", ())}
        return sorted(
            {f.path for f in self.findings if (f.path, f.line, f.column, f.code) in loaded}
        )

    @property
    def exit_code(self) -> int:
        """1 when there are errors (or warnings under --strict), else 0."""
        counts = self.counts()
        return 1 if counts["error"] or (self.strict and counts["warning"]) else 0

    @property
    def texts(self) -> Mapping[str, str]:
        """The text of every file the run read, by path (for showing source lines)."""
        return self.workspace.texts

    @property
    def config_show_info(self) -> bool:
        """The config's `lint: {show_info: ...}`: show info findings in text."""
        return self.workspace.config.lint.show_info


@dataclass
class CachedLintResult(LintResult):
    """A result replayed from the lint cache: the findings and what reporters show,
    with no workspace loaded and no session (`workspace` and `session` are None)."""

    cached_texts: Mapping[str, str] = field(default_factory=dict, repr=False)
    cached_unread: list[str] = field(default_factory=list)
    cached_show_info: bool = False

    def __post_init__(self) -> None:
        pass  # nothing was loaded: no session to build

    @property
    def texts(self) -> Mapping[str, str]:
        """The texts of the files with findings, read when first asked for."""
        return self.cached_texts

    @property
    def config_show_info(self) -> bool:
        """The config's `lint: {show_info: ...}` as the cached run read it."""
        return self.cached_show_info

    @property
    def unread_files(self) -> list[str]:
        """Files that could not be read, as the cached run found them."""
        return self.cached_unread


def lint(
    root: str | Path | None = None,
    paths: list[str] | tuple[str, ...] = (),
    *,
    strict: bool = False,
    today: dt.date | None = None,
    changed_since: str | None = None,
    rules: RuleSelection | None = None,
    cache: bool = False,
    notes_cache: bool | None = None,
    overrides: Mapping[str, str] | None = None,
    memory: WorkspaceMemory | None = None,
) -> LintResult:
    """Lint the workspace at `root`; with `paths`, report only findings in those files;
    with `changed_since` (a git ref), only findings in files changed since the merge
    base with it, and in claims whose cited evidence changed; with `rules`, run the
    rules it selects over the config's `lint:` selection (`rule_selection`); with
    `cache`, replay the last run's findings when none of its inputs changed
    (lint_cache.py; never with `changed_since`) and reuse the parse of every note that
    did not change (workspace/note_cache.py; `notes_cache` alone asks for just that).
    `overrides` lints files as an editor holds them, unsaved (by path relative to the
    root; never through the whole-run cache), and `memory` keeps the notes read in this
    process for the next lint (workspace/memory.py; never through it either).

    References always resolve across the whole workspace. Without `root`, the
    workspace is found from the first path given, or else from the current folder.
    """
    for raw in (root, *paths):
        if raw is not None:
            check_name(raw)  # NUL bytes, over-long names: one line before any system call
    if root is None and paths:
        from .workspace.root import find_root

        start = Path(paths[0])
        root = find_root(start if start.is_dir() else start.parent)
    if cache and changed_since is None and not overrides and memory is None:
        return _cached_lint(root, paths, strict, today, rules)
    reuse = cache if notes_cache is None else notes_cache
    with paused_gc():
        return _lint(root, paths, strict, today, changed_since, rules, reuse, overrides, memory)


def _cached_lint(
    root: str | Path | None,
    paths: list[str] | tuple[str, ...],
    strict: bool,
    today: dt.date | None,
    rules: RuleSelection | None,
) -> LintResult:
    """A lint through the whole-run cache: the last answer if nothing it read changed,
    else a full run whose answer is then remembered."""
    from . import lint_cache
    from .cache import Cache
    from .workspace.root import root_of

    root_path = root_of(root)
    day = today or dt.date.today()
    given = [os.path.abspath(p) for p in paths]
    store = Cache(root_path)
    if not store.enabled:  # PERSONAKIT_NO_CACHE: not even the stats are taken
        with paused_gc():
            return _lint(root_path, paths, strict, today, None, rules)
    name, key = lint_cache.entry_name(root_path, day, given, rules)
    hit = lint_cache.lookup(store, name, key, root_path)
    if hit is not None:
        return CachedLintResult(
            findings=hit.findings,
            paths=hit.paths,
            workspace=None,  # type: ignore[arg-type]  # nothing was loaded
            strict=strict,
            cached_texts=hit.texts,
            cached_unread=hit.unread_files,
            cached_show_info=hit.show_info,
            cache_entry=(root_path, name, hit.answer),
        )
    started = lint_cache.now_ns()
    with paused_gc():
        result = _lint(root_path, paths, strict, day, None, rules, cache=True)
    ws = result.workspace
    if not lint_cache.file_based(ws):
        return result
    answer = lint_cache.store(
        store,
        name,
        key,
        ws,
        result.findings,
        result.paths,
        result.unread_files,
        given,
        started,
        pii_names(result),
    )
    if answer:
        result.cache_entry = (root_path, name, answer)
    return result


def pii_names(result: LintResult) -> list[str]:
    """The real names rule PK301 looks for in this run (its `names` option)."""
    assert result.session is not None
    return [str(name) for name in result.session.settings["PK301"].options["names"]]


def _lint(
    root: str | Path | None,
    paths: list[str] | tuple[str, ...],
    strict: bool,
    today: dt.date | None,
    changed_since: str | None,
    rules: RuleSelection | None,
    cache: bool = False,
    overrides: Mapping[str, str] | None = None,
    memory: WorkspaceMemory | None = None,
) -> LintResult:
    from .selection import Selection
    from .session import Session

    session = Session.load(root, today=today, cache=cache, overrides=overrides, memory=memory)
    ws = session.workspace
    session.settings  # noqa: B018 - a broken rule setting stops the run before anything else
    selected = Selection(files=_select_paths(ws, paths))
    if changed_since is not None:
        from .changes import changed_selection

        selected = changed_selection(session, changed_since, selected.files)
    findings = run_rules(session, selected, rules)
    session.keep()
    return LintResult(
        findings=findings, paths=selected.paths(ws), workspace=ws, strict=strict, session=session
    )


def run_rules(
    session: Session, selected: Selection | None = None, rules: RuleSelection | None = None
) -> list[Finding]:
    """Every enabled rule over the session (on in its settings, and selected by the
    config's `lint:` block and `rules` over it), with settings, suppressions and the
    selection applied once; sorted, without duplicates."""
    from .rule_selection import enabled_rules
    from .rules import RULES

    ws = session.workspace
    settings = session.settings
    enabled = enabled_rules(ws, rules)
    findings: list[Finding] = []
    # A process that lints again and again (workspace/memory.py) keeps the finding made
    # of each problem: a rule that gives the same problem object for what did not change
    # (orphan_note, pii) gets the same finding, so what is built on it can be kept too.
    memory = session.memory
    made = memory.findings if memory is not None else {}
    kept: dict[int, tuple[Problem, Severity, Finding]] = {}
    for code, rule in RULES.items():
        setting = settings[code]
        severity = setting.severity
        if severity is None or code not in enabled:
            continue
        for problem in rule.check(session, setting.options):
            if selected is not None and (problem.path, problem.line) not in selected:
                continue
            if _suppressed(ws, rule, problem.path, problem.line, problem.whole_file):
                continue
            was = made.get(id(problem))
            if was is not None and was[0] is problem and was[1] is severity:
                finding = was[2]
            else:
                finding = Finding(
                    problem.path,
                    problem.line,
                    problem.column,
                    code,
                    rule.NAME,
                    severity,
                    problem.message,
                    problem.details,
                    problem.fix,
                )
            if memory is not None:
                kept[id(problem)] = (problem, severity, finding)
            findings.append(finding)
    if memory is not None:
        memory.findings = kept
    return sorted(set(findings), key=order)


def _select_paths(ws: Workspace, paths: list[str] | tuple[str, ...]) -> set[str] | None:
    if not paths:
        return None
    from .selection import known_paths

    selected: set[str] = set()
    known = known_paths(ws)
    # Files are known by the path they were found at, which may run through a link
    # inside the workspace (interviews/old -> ../archive); a path given here is matched
    # by where it really is, so either spelling selects them.
    real_of = {rel: os.path.realpath(os.path.join(ws.root, rel)) for rel in known}
    for raw in paths:
        target = Path(check_name(raw)).resolve()
        if not target.exists():
            raise WorkspaceError(f"no such file or folder{_path_hint(ws, target, known)}", raw)
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


def _path_hint(ws: Workspace, target: Path, known: set[str]) -> str:
    """`; did you mean 'interviews/p03.md'?` for a mistyped file of the workspace."""
    if not is_inside(ws.root, target):
        return ""
    from .suggest import hint

    return hint(target.relative_to(ws.root).as_posix(), known)


def _suppressed(ws: Workspace, rule: ModuleType, path: str, line: int, whole_file: bool) -> bool:
    found = ws.suppressions.get(path)
    if not found:
        return False
    from .rules import resolve_rule

    for sup in found:
        if not sup.reason:
            continue
        if not any(resolve_rule(r) is rule for r in sup.rules):
            continue
        if whole_file or sup.line in (line, line - 1):
            return True
    return False
