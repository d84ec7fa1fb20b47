"""A repeated data command (`segment`, `top`, `playbook`) run from its kept plan.

Most of a data command's time on a large table is the query, yet a run also pays about
half a second before it: building the command line (Typer), loading and validating the
config and personas (pydantic), checking every condition against the data's columns,
and compiling the question to SQL (sqlglot). None of that changes while the files it
read are unchanged. So a data command started as a program keeps its plan in
`.personakit_cache/plan-<hash>.json`: the SQL text it ran, the data files it
registered, what it printed them with, and the stat of every file and folder its
answer depended on (the config, the personas and journeys, their folders, the data
files, and for a playbook its snapshot folder). The entry is keyed, like a replayed
lint (replay.py), by the exact arguments, the current folder, the environment, which
of stdin, stdout and stderr are terminals, the day, and personakit's version and
source files.

The next process started with the same key (entry.py asks before anything heavy is
imported) registers the files its statements read the same way (contained in the
workspace, opened once, a CSV checked row by row: data/engine.py; a table the full run
registered only to check it keeps just its stat), runs the same SQL afresh and prints
the rows through the same code as a full run (data/output.py). The query is
never skipped: only the work whose answer cannot have changed is. The checks of the
conditions against the data's columns and types depend only on the files whose stat is
kept (the same rule as lint's kept data answers, data/answers.py).

Anything odd means a full run: no entry, a corrupt or foreign one (the cache checks a
digest of every entry), a changed stat, a query DuckDB refuses (the full run then says
why, with its file and line). Never kept: `--sql`, `--moves`, `--debug`, a run whose
inputs changed within two seconds before it began (as lint_cache does), data in a
database or Spark, a playbook answered from a snapshot, or a library call or test
runner (no `invocation`). Standard library only until an entry is found, then DuckDB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .service import DataService

# The arguments of this process when started as a program (set by entry.py); None in a
# library call or a test runner, where nothing is kept.
invocation: list[str] | None = None
# When this process began, by the clock file times are written with.
started_ns = time.time_ns()

COMMANDS = ("segment", "top", "playbook")
# Options before the command that take a value.
_GLOBAL_VALUED = {"--root", "--color"}
# Runs that print something else than their rows, or a traceback: never kept.
_NEVER = {"--sql", "--moves", "--debug", "--help", "--dialect", "--since"}
RACY_NS = 2_000_000_000  # as lint_cache.RACY_NS
# The entry name and key this process looked up: a run kept under another key (the
# day turned while it ran, so its default as-of date is not the key's day) is not kept.
_asked_as: tuple[str, str] | None = None


def command_of(argv: list[str]) -> str | None:
    """The data command of a command line (`personakit --root W top ...` → "top"), or
    None when it is another command or a shape this reader does not follow."""
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_VALUED:
            next(args, None)
        elif arg.startswith("-"):
            if not arg.startswith(("--root=", "--color=")):
                return None
        else:
            return arg if arg in COMMANDS else None
    return None


def _keepable(argv: list[str]) -> bool:
    return command_of(argv) is not None and not any(
        a in _NEVER or a.startswith(tuple(f"{n}=" for n in _NEVER)) or a == "--" for a in argv
    )


def _color(argv: list[str]) -> str | None:
    """The `--color` given before the command, as the command line's callback reads it."""
    chosen = None
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_VALUED:
            value = next(args, None)
            if arg == "--color":
                chosen = value
        elif arg.startswith("--color="):
            chosen = arg.removeprefix("--color=")
        elif not arg.startswith("-"):
            break
    return chosen


def _root(argv: list[str]) -> Path | None:
    """The workspace root the command line will use: its one `--root`, else the
    nearest folder with a config at or above the current one."""
    given = set()
    args = iter(argv)
    for arg in args:
        if arg == "--root":
            given.add(next(args, ""))
        elif arg.startswith("--root="):
            given.add(arg.removeprefix("--root="))
    if len(given) > 1 or "" in given:
        return None
    if given:
        return Path(given.pop()).resolve()
    from ..workspace.root import find_root

    try:
        return find_root(Path.cwd())
    except Exception:
        return None


def _entry_name(argv: list[str]) -> tuple[str, str]:
    """The entry's file name, and the digest of its whole key that the entry holds."""
    from ..file_stats import invocation_entry

    return invocation_entry("plan", argv)


# -- running a kept plan ------------------------------------------------------------


def answer(argv: list[str]) -> int | None:
    """Run this command line from its kept plan and return its exit code; None when
    there is no plan to run (the caller then runs the command line as usual)."""
    try:
        plan = _lookup(argv)
        if plan is None:
            return None
        show = _answer(plan, _run(plan))
        from .. import color

        color.choose(_color(argv))
    except KeyboardInterrupt:
        sys.stderr.write("personakit: interrupted\n")  # as the command line says it
        return 130
    except Exception:  # a plan is a shortcut: anything odd means a full run
        return None
    try:
        show()
        sys.stdout.flush()
    except OSError as exc:
        # The reader went away (`| head`) or the disk is full, as the command line says it.
        from ..terminal import output_failed

        return output_failed(exc)
    return 0


def _lookup(argv: list[str]) -> dict[str, Any] | None:
    if not _keepable(argv):
        return None
    root = _root(argv)
    if root is None:
        return None
    from ..cache import Cache
    from ..file_stats import unchanged

    global _asked_as
    name, key = _asked_as = _entry_name(argv)
    plan = Cache(root).read(name)
    if not isinstance(plan, dict) or plan.get("key") != key or plan.get("root") != str(root):
        return None
    inputs, tables, sql = plan.get("inputs"), plan.get("tables"), plan.get("sql")
    if not (
        isinstance(inputs, dict)
        and isinstance(tables, list)
        and all(_pair(t) for t in tables)
        and isinstance(sql, list)
        and all(isinstance(s, str) for s in sql)
        and plan.get("kind") in COMMANDS
        and isinstance(plan.get("params"), dict)
    ):
        return None
    if not inputs or not unchanged(inputs, str(root)):
        return None
    return plan


def _pair(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], str)
    )


def _run(plan: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    """The rows of each of the plan's statements, over its files registered afresh."""
    from .engine import DuckDBEngine
    from .output import working

    engine = DuckDBEngine.of_files(Path(plan["root"]), dict(plan["tables"]))
    try:
        with working(_MESSAGES[plan["kind"]](plan["params"])):
            for name, _path in plan["tables"]:
                engine.columns(name)  # registered, checked, in the full run's order
            return [engine.fetch_sql(text) for text in plan["sql"]]
    finally:
        engine.close()


_MESSAGES = {
    "segment": lambda p: f"Finding the members of {p['persona']}'s segment",
    "top": lambda p: f"Ranking {p['target']}",
    "playbook": lambda p: f"Checking {p['persona']}'s playbook",
}


def _answer(plan: dict[str, Any], rows: list[list[tuple[Any, ...]]]) -> Callable[[], None]:
    """What prints the rows as the full run prints its answer; everything that could
    fail on rows of an unexpected shape happens here, before anything is printed."""
    from . import output

    p = plan["params"]
    day = dt.date.fromisoformat(p["as_of"])
    kind, fmt = plan["kind"], str(p["format"])
    if fmt not in ("table", "csv", "json"):
        raise ValueError(fmt)
    if kind == "segment":
        members = [str(row[0]) for row in rows[0]]
        of = int(rows[1][0][0])
        persona, table = str(p["persona"]), str(p["table"])
        return lambda: output.show_segment(persona, day, members, table, of, fmt)
    if kind == "top":
        ranked = [(value, int(people)) for value, people in rows[0]]
        of = int(rows[1][0][0])
        target, among, people_table = str(p["target"]), p["among"], str(p["people_table"])
        filtered = bool(p["filtered"])
        return lambda: output.show_top(
            target, among, ranked, of, day, fmt, people_table=people_table, filtered=filtered
        )
    from .playbook_states import at_risk_members, member_states, summary_of

    ids = [str(i) for i in p["step_ids"]]
    listed = bool(p["at_risk"])
    risky = []
    if listed:
        states = member_states(rows[0], len(ids))
        risky = at_risk_members(states, ids, [int(i) for i in p["wanted"]], day)
    summary = summary_of(str(p["persona"]), day, ids, rows[-1][0])
    persona = str(p["persona"])
    return lambda: output.show_playbook(persona, day, summary, risky, None, fmt, at_risk=listed)


# -- keeping a plan -----------------------------------------------------------------

# How many statements each kind runs: a run that asked anything else is not kept.
_STATEMENTS = {"segment": 2, "top": 2}


def record(
    service: DataService, kind: str, params: dict[str, Any], *, extra: tuple[str, ...] = ()
) -> None:
    """Keep the plan of the data command that just printed its answer over `service`;
    `extra` names further paths (relative to the root) its answer depended on. Quiet
    when it cannot, and a no-op unless this process was started as a program."""
    argv = invocation
    if argv is None or not _keepable(argv) or command_of(argv) != kind:
        return
    try:
        _record(argv, service, kind, params, extra)
    except Exception:  # keeping a plan is a shortcut for next time, never this run's business
        return


def _record(
    argv: list[str],
    service: DataService,
    kind: str,
    params: dict[str, Any],
    extra: tuple[str, ...],
) -> None:
    from ..cache import Cache
    from ..file_stats import stat_of, where
    from ..lint_cache import file_based, inputs
    from .engine import DuckDBEngine

    engine = service._engine
    ws = service.ws
    if not isinstance(engine, DuckDBEngine) or not file_based(ws):
        return
    expected = _STATEMENTS.get(kind, 2 if params.get("at_risk") else 1)
    if len(engine.asked) != expected or _root(argv) != ws.root:
        return
    stats = inputs(ws, [], [])
    prefix = str(ws.root) + os.sep
    stats.update({name: stat_of(where(prefix, name)) for name in extra})
    since = started_ns - RACY_NS
    if any(st is not None and max(st[2], st[3]) >= since for st in stats.values()):
        return  # changed too close to this run for a stat to tell a later change apart
    name, key = _entry_name(argv)
    if (name, key) != _asked_as:
        return
    plan = {
        "key": key,  # a digest: the environment may hold secrets, the cache never does
        "root": str(ws.root),
        "inputs": stats,
        # Registered again: the tables the statements read, in the order the full run
        # registered them. One it registered only to check (`top` checks every table
        # a condition could reach) is not read again: its stat is kept with the rest.
        "tables": [[t, engine.paths[t]] for t in engine.registered() if t in engine.read],
        "sql": list(engine.asked),
        "kind": kind,
        "params": params,
    }
    json.dumps(plan)  # only plain data is kept
    Cache(ws.root).write(name, plan)
