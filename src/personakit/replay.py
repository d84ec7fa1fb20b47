"""A repeated `personakit lint` answered before the command line is even built.

The whole-run cache (lint_cache.py) keeps a run's findings, but a run answered from it
still pays for Typer, pydantic and the reporters, which is most of a warm run. So after
a lint through the cache, the lint command also records what it printed and its exit
code (`replay-<hash>.json`), keyed by everything else that shapes that output: the
exact arguments, the current folder, the environment, which of stdin, stdout and
stderr are terminals, the day, and personakit's version and source files. The next
process started with the same key (entry.py asks before importing anything heavy)
prints the recorded output, provided the lint entry it came from still holds: no file
or folder that run read has changed, or only notes edited where lint does not look
(lint_delta.py) and none whose lines the output shows (lint_cache.still_holds).

Recorded only for a run started as a program (not through a library call or a test
runner), that reads and writes nothing but the report: never with `--fix`, `--diff`,
`--no-cache`, `--output-file`, `--changed-since` or a GitHub step summary, and only
when its lint entry was written or replayed. Standard library only up to the moment
an entry is found.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The arguments of this process when it was started as a program (set by entry.py);
# None in a library call or a test runner, where there is no command line to replay.
invocation: list[str] | None = None

# Options of `personakit` and `personakit lint` that take a value, to find the
# positional paths and `--root` the way the command line will.
_VALUED = {
    "--root",
    "--color",
    "--format",
    "-f",
    "--as-of",
    "--changed-since",
    "--select",
    "--extend-select",
    "--ignore",
    "--output-file",
    "-o",
}
# A run with any of these reads or writes more than its report: never replayed.
_NEVER = {"--fix", "--diff", "--unsafe-fixes", "--no-cache", "--output-file", "-o"}
_NEVER_PREFIX = ("--output-file=", "--changed-since", "--debug", "--help", "--install", "--show")
# Changes on its own in an unchanged shell and shapes nothing lint prints.
_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def replay(argv: list[str]) -> int | None:
    """Print the recorded output of this exact lint and return its exit code; None when
    there is nothing to replay (the caller then runs the command line as usual)."""
    try:
        found = _lookup(argv)
    except Exception:  # a replay is a shortcut: anything odd means "run it"
        return None
    if found is None:
        return None
    out, code = found
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except OSError as exc:
        # The reader went away (`| head`) or the disk is full, as the command line says it.
        from .terminal import output_failed

        return output_failed(exc)
    return code


def record(root: Path, lint_entry: str, answer: str, out: str, code: int, shown: set[str]) -> None:
    """Remember what this process printed (`out`) and its exit `code`, for the lint
    entry `lint_entry` of the workspace at `root` while it gives `answer` (the digest of
    its findings: another run may write another answer under the same name), and the
    files whose lines it showed (`shown`). Quiet when it cannot."""
    argv = invocation
    if argv is None or not _replayable(argv) or os.environ.get(_SUMMARY_ENV):
        return
    from .cache import Cache

    if _parse(argv) is None:
        return
    cache = Cache(root)
    name, key = _entry_name(argv)
    data = {
        "key": key,  # a digest: the environment may hold secrets, the cache never does
        "lint": lint_entry,
        "answer": answer,
        "out": out,
        "code": code,
        "shown": sorted(shown),
    }
    cache.write(name, data)


def _lookup(argv: list[str]) -> tuple[str, int] | None:
    if not _replayable(argv) or os.environ.get(_SUMMARY_ENV):
        return None
    parsed = _parse(argv)
    if parsed is None:
        return None
    from .cache import Cache

    root = _root(parsed)
    if root is None:
        return None
    cache = Cache(root)
    name, key = _entry_name(argv)
    data = cache.read(name)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    out, code, lint_entry, shown = data["out"], data["code"], data["lint"], data["shown"]
    answer = data["answer"]
    if not (isinstance(out, str) and type(code) is int and isinstance(lint_entry, str)):
        return None
    if not (isinstance(shown, list) and isinstance(answer, str)):
        return None
    if not lint_entry.startswith("lint-"):
        return None
    from .lint_cache import still_holds

    if not still_holds(cache, lint_entry, root, answer, shown):
        return None
    return out, code


def _replayable(argv: list[str]) -> bool:
    return not any(a in _NEVER or a.startswith(_NEVER_PREFIX) for a in argv)


def _parse(argv: list[str]) -> tuple[str | None, list[str]] | None:
    """`--root` and the positional paths of a `lint` command line, or None when it is
    not one (another command, or a shape this reader does not follow)."""
    root: str | None = None
    positional: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return None
        if arg in _VALUED:
            value = next(args, None)
            if value is None:
                return None
            if arg == "--root":
                root = value
        elif arg.startswith("--root="):
            root = arg.removeprefix("--root=")
        elif not arg.startswith("-"):
            positional.append(arg)
    if not positional or positional[0] != "lint":
        return None
    return root, positional[1:]


def _start(parsed: tuple[str | None, list[str]]) -> tuple[Path, bool]:
    """Where the workspace is looked for, as linter.lint does, and whether that is the
    root itself (`--root`) rather than the place to walk up from."""
    root, paths = parsed
    if root is not None:
        return Path(root).resolve(), True
    if paths:
        start = Path(paths[0])
        return (start if start.is_dir() else start.parent).resolve(), False
    return Path.cwd().resolve(), False


def _root(parsed: tuple[str | None, list[str]]) -> Path | None:
    """The workspace root as the run would find it, walked up afresh each time: a config
    that appears nearer makes another workspace, whose cache holds no such entry."""
    start, given = _start(parsed)
    if given:
        return start
    from .workspace.root import CONFIG_NAME

    for folder in (start, *start.parents):
        if os.path.lexists(folder / CONFIG_NAME):
            return folder
    return None


def _entry_name(argv: list[str]) -> tuple[str, str]:
    """The entry's file name, and the digest of its whole key that the entry holds."""
    from .file_stats import invocation_entry

    return invocation_entry("replay", argv)
