"""Whole-run lint cache: a lint with nothing changed replays the last run's findings.

An entry (`lint-<hash>.json` in `.personakit_cache/`, see cache.py) is keyed by what a
run is asked (personakit's version and its source files' stats, the workspace root,
the as-of date, the paths reported on, the rule selection) and holds what it found,
with the stat (inode, size, mtime and ctime in ns) of every file it read and of every
folder it listed, or "absent" for one that was not there. It is used only while every
one of those stats is unchanged: an edit, a new, renamed or deleted note (its folder's
mtime changes), a new lock, a data file rewritten, all make the next run a full one.
Nothing is read on a hit but the lines shown under findings. An entry also holds when
the only inputs that changed are notes edited where no rule looks (lint_delta.py).

Not used where the answer can change with no file of the workspace changing: data in
a database (`engine: postgres` or `spark`, or any `table:` source), nor by `--fix`,
`--diff` or `--changed-since` (linter.py and the lint command decide).

An entry is written only when no recorded file or folder changed (mtime or ctime)
since two seconds before the run began (git's racy-clean rule, counted from the start
rather than from the write, because a large run reads for longer than that): an edit
made while the run was reading, or in the same clock tick as the one before it, could
otherwise be remembered with the findings of the text before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cache import Cache
from .file_stats import Stat, code_stamp, stat_of, where
from .findings import Finding, Severity
from .workspace.root import CONFIG_NAME, LOCK_NAME

if TYPE_CHECKING:
    from .model.documents import Workspace

# Always recorded (present or absent), so an entry cannot stand for a run that read nothing.
CONFIG, LOCK = CONFIG_NAME, LOCK_NAME
FOLDERS = ("personas", "journeys", "interviews", "decisions")
# How close to the run's start a change may be for the entry not to be trusted later.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class CachedFix:
    """What a cached run keeps of a finding's fix: whether `--fix` alone applies it
    (the text summary's "N fixable" line); fixing itself always runs lint afresh."""

    safe: bool


@dataclass
class Hit:
    """What a cached run gives back: the findings and what the reporters need."""

    findings: list[Finding]
    paths: list[str]
    unread_files: list[str]
    show_info: bool
    texts: Mapping[str, str]
    answer: str  # the digest of the answer (see `answer_digest`)


def answer_digest(data: Mapping[str, Any]) -> str:
    """The digest of what entry `data` answers (its findings and what the reports show
    of the run): a replayed report was printed from one answer, and an entry of the
    same name written since by another run (a text report and a JSON one share it)
    may hold another."""
    parts = [data["findings"], data["paths"], data["unread"], data["texted"], data["show_info"]]
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def entry_name(
    root: Path, today: dt.date, paths: list[str] | tuple[str, ...], rules: Any
) -> tuple[str, list[Any]]:
    """The entry's file name and its key (a list of plain data) for one run's question."""
    resolved = [os.path.abspath(p) for p in paths]
    select = getattr(rules, "select", None)
    layer = [
        None if select is None else list(select),
        list(getattr(rules, "extend_select", ())),
        list(getattr(rules, "ignore", ())),
    ]
    key = [__version__, code_stamp(), str(root), today.isoformat(), resolved, layer]
    blob = json.dumps(key, ensure_ascii=False).encode("utf-8", "surrogateescape")
    return f"lint-{hashlib.blake2b(blob, digest_size=12).hexdigest()}.json", key


def file_based(ws: Workspace) -> bool:
    """Whether every input of the run is a file of the workspace: no engine data that can
    change with no file changing (a database, Spark, a `table:` in the engine)."""
    data = ws.config.data
    if data is None:
        return True
    return data.engine == "duckdb" and all(t.table is None for t in data.tables.values())


def inputs(
    ws: Workspace, reported: list[str], given: list[str] | tuple[str, ...]
) -> dict[str, Stat]:
    """The stat of everything the run depended on, by path relative to the root (a path
    given on the command line as it was given)."""
    root = str(ws.root)
    names = {CONFIG, LOCK, *ws.texts, *(p.path for _c, p in ws.problems), *reported}
    if ws.config.data is not None:
        for table in ws.config.data.tables.values():
            if table.path is not None:
                names.add(table.path)
                names.update(_folders_above(table.path))
    names.update(rel + "/" for rel in ws.folders)
    names.update("\0" + p for p in given)
    prefix = root + os.sep
    return {name: stat_of(where(prefix, name)) for name in names}


def _folders_above(path: str) -> list[str]:
    """The folders from the root down to a data file named in the config (`data/`, ...):
    one moved out of the workspace and replaced by a link keeps the file's own stat,
    but not its own (a move changes a folder's change time), so it is recorded too."""
    parts = path.replace("\\", "/").split("/")[:-1]
    if os.path.isabs(path) or any(part in ("", ".", "..") for part in parts):
        return []
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def racy(stats: dict[str, Stat], started_ns: int) -> bool:
    """Whether anything recorded changed so close to the run that its stat may not
    tell a later change apart (or lies in the future)."""
    return bool(racy_names(stats, started_ns))


def racy_names(stats: Mapping[str, Stat], started_ns: int) -> list[str]:
    """The recorded inputs that changed so close to the run (see `racy`)."""
    # The change time too: a copy that keeps modification times (cp -p, rsync -a, tar)
    # made while the run was reading moves only the ctime into the window.
    since = started_ns - RACY_NS
    return [name for name, st in stats.items() if st is not None and max(st[2], st[3]) >= since]


def _fix(fix: Any) -> bool | None:
    return None if fix is None else bool(getattr(fix, "safe", False))


def store(
    cache: Cache,
    name: str,
    key: list[Any],
    ws: Workspace,
    findings: list[Finding],
    reported: list[str],
    unread: list[str],
    given: list[str] | tuple[str, ...],
    started_ns: int,
    names: list[str],
) -> str | None:
    """Write the entry for a run that just finished, unless it would not be safe to
    trust; the digest of its answer if it was written (`answer_digest`). `names` are the
    real names rule PK301 looks for."""
    from . import lint_delta

    stats = inputs(ws, reported, given)
    if racy(stats, started_ns):
        return None
    rows = [
        [
            f.path,
            f.line,
            f.column,
            f.code,
            f.name,
            f.severity.value,
            f.message,
            f.details,
            _fix(f.fix),
        ]
        for f in findings
    ]
    texted = sorted({f.path for f in findings if f.path in ws.texts})
    data = {
        "key": key,
        "stats": stats,
        "findings": rows,
        "paths": reported,
        "unread": unread,
        "texted": texted,
        "show_info": ws.config.lint.show_info,
        "seen": lint_delta.record(
            str(ws.root), ws.note_facts, ws.texts, ws.folders, ws.note_fields(), names
        ),
    }
    try:
        answer = answer_digest(data)  # details that are not plain data: no entry
    except (TypeError, ValueError):
        return None
    data["answer"] = answer
    # Stat once more: anything that changed while the findings were being worked out
    # must not be remembered with them.
    if inputs(ws, reported, given) != stats:
        return None
    return answer if cache.write(name, data) else None


def lookup(cache: Cache, name: str, key: list[Any], root: Path) -> Hit | None:
    """The cached answer to the run keyed `key`, if every input is as it was; else None."""
    data = cache.read(name)
    try:
        return _hit(cache, name, data, key, root)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None  # a corrupt or foreign entry is no entry


def complete(data: Any) -> bool:
    """Whether entry `data` records the inputs a run must have had."""
    stats = data.get("stats") if isinstance(data, dict) else None
    required = {CONFIG, LOCK, *(f"{name}/" for name in FOLDERS)}
    return isinstance(stats, dict) and required <= stats.keys()


def still_holds(cache: Cache, name: str, root: Path, answer: str, shown: Iterable[str]) -> bool:
    """Whether lint entry `name` still gives `answer` (`answer_digest`) and answers the
    run it was made for: every input as it was, or changed only where lint does not
    look (lint_delta.py) and none of `shown` (the files whose lines a replayed report
    shows)."""
    data = cache.read(name)
    try:
        if not isinstance(data, dict) or data.get("answer") != answer:
            return False
        return _current(cache, name, data, root, frozenset(shown))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return False  # a corrupt or foreign entry is no entry


def _current(cache: Cache, name: str, data: Any, root: Path, shown: frozenset[str]) -> bool:
    from . import lint_delta

    if not complete(data):
        return False
    started = now_ns()
    moved = lint_delta.changed(data, str(root))
    if moved is None:
        return False
    if not moved:
        return True
    # Only notes edited where lint does not look, or folders renamed into: the answer
    # holds, and the entry is told their stats.
    if not shown.isdisjoint(moved) or not lint_delta.holds_after(data, moved, str(root)):
        return False
    _restat(cache, name, data, moved, started)
    return True


def _hit(cache: Cache, name: str, data: Any, key: list[Any], root: Path) -> Hit | None:
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    # The lines shown under findings are read afresh (LazyTexts), edited or not.
    if not _current(cache, name, data, root, frozenset()):
        return None
    findings = []
    for row in data["findings"]:
        path, line, column, code, rule, severity, message, details, fix = row
        if not (isinstance(path, str) and isinstance(message, str) and isinstance(line, int)):
            return None
        if not (isinstance(column, int) and isinstance(code, str) and isinstance(rule, str)):
            return None
        if details is not None and not isinstance(details, dict):
            return None
        findings.append(
            Finding(
                path,
                line,
                column,
                code,
                rule,
                Severity(severity),
                message,
                details,
                None if fix is None else CachedFix(bool(fix)),
            )
        )
    paths, unread, texted = data["paths"], data["unread"], data["texted"]
    for names in (paths, unread, texted):
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return None
    answer = data["answer"]
    if not isinstance(answer, str):
        return None
    return Hit(findings, paths, unread, bool(data["show_info"]), LazyTexts(root, texted), answer)


def _restat(
    cache: Cache, name: str, data: dict[str, Any], moved: Mapping[str, Stat], started_ns: int
) -> None:
    """Record the new stats of inputs whose change left the answer as it was, so that
    the next run (and its replay) is a plain hit. Not for a change too recent for its
    stat to tell a later one apart, nor for a file with findings: a replayed report
    shows its lines, which the edit may have changed."""
    if racy(dict(moved), started_ns) or not set(data["texted"]).isdisjoint(moved):
        return
    data["stats"].update(moved)
    cache.write(name, data)


class LazyTexts(Mapping[str, str]):
    """The texts of the files with findings, read on first use (for the lines the text
    report shows): only files the run had read, only inside the workspace, only regular
    files, read as the loader reads them."""

    def __init__(self, root: Path, paths: list[str]) -> None:
        self.root = root
        self._paths = set(paths)
        self._read: dict[str, str | None] = {}

    def __getitem__(self, path: str) -> str:
        if path not in self._paths:
            raise KeyError(path)
        if path not in self._read:
            self._read[path] = self._load(path)
        text = self._read[path]
        if text is None:
            raise KeyError(path)
        return text

    def _load(self, rel: str) -> str | None:
        from .errors import WorkspaceError
        from .fs import is_inside
        from .workspace.reading import Skipped, decode_text, read_bytes

        full = os.path.join(self.root, rel)
        try:
            if not is_inside(self.root, full) or not stat.S_ISREG(os.stat(full).st_mode):
                return None
            return decode_text(read_bytes(full, rel), rel)
        except (OSError, WorkspaceError, Skipped):
            return None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._paths))

    def __len__(self) -> int:
        return len(self._paths)


def now_ns() -> int:
    """The wall clock, as file times are written (for `store`'s `started_ns`)."""
    return time.time_ns()
