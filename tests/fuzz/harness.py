"""Running one generated case and checking the invariants every command must keep.

A case is a workspace `Spec` and command lines. It is written to a fresh folder:

    CASE/outer/ws        the workspace (the commands run with --root pointing here)
    CASE/outer/outside   a sentinel folder beside it, with a secret marker in its files
    CASE/                one level further out, for `../..` escapes

Invariants after every command: the exit code is 0, 1 or 2; no traceback and no
"internal error" on either stream; an exit-2 error is one line; nothing changed outside
the workspace and the `--out` folder; the sentinel's secret never appears in anything the
command printed or wrote; `lint` leaves the workspace byte for byte as it was.

With PERSONAKIT_FUZZ_LOG=FILE a broken invariant is appended to FILE as one JSON line
(with the innermost personakit frame and the case) instead of failing the test, so a long
run collects every crash class instead of stopping at the first.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from typer.testing import CliRunner

from .base import Note, Spec, Yaml
from .yamltext import dump, note

SECRET = "PKSECRET-7f3a9c"
OUTSIDE_TOKEN = "@OUTSIDE@"
CASE_TOKEN = "@CASE@"
WS_TOKEN = "@WS@"
CLEAN_ENV = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CI", "PERSONAKIT_DEBUG", "NO_COLOR")
LOG_ENV = "PERSONAKIT_FUZZ_LOG"
TIMES_ENV = "PERSONAKIT_FUZZ_TIMES"  # one JSON line per command run: how long it took
# Big values travel through the strategies as short tokens (hypothesis prints the
# strategies' options, and a 200 kB repr costs more than the case) and are expanded
# when the files and arguments are written.
BIG = {
    "@HUGE@": "x" * 200_000,
    "@LONG@": "a" * 5_000,
    "@MAILBOMB@": "a@" + "a." * 20_000,
    "@WORDS@": "word " * 20_000,
    "@NINES@": "9" * 200_000,
    "@FIELD@": "y" * 140_000,
    "@DEEPJSON@": "[" * 100_000,
}


@dataclass
class Result:
    argv: list[str]
    code: int
    stdout: str
    stderr: str


@dataclass
class Paths:
    case: Path
    outer: Path
    ws: Path
    outside: Path

    def fill(self, text: str) -> str:
        for token, value in BIG.items():
            text = text.replace(token, value)
        return (
            text.replace(OUTSIDE_TOKEN, str(self.outside))
            .replace(CASE_TOKEN, str(self.case))
            .replace(WS_TOKEN, str(self.ws))
        )


class Hang(BaseException):
    """A command ran past the time limit (a FIFO opened for reading, a regex gone wild).
    A BaseException so that the command's own `except Exception` does not swallow it."""


HANG_SECONDS = 30


def _on_alarm(signum, frame):  # pragma: no cover - only on a hang
    raise Hang(f"no answer after {HANG_SECONDS} s")


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def render_doc(doc: Yaml | Note | str | bytes) -> bytes:
    if isinstance(doc, Yaml):
        return dump(doc.data).encode("utf-8", "surrogatepass")
    if isinstance(doc, Note):
        return note(doc.front, doc.body).encode("utf-8", "surrogatepass")
    if isinstance(doc, str):
        return doc.encode("utf-8", "surrogatepass")
    return doc


def materialize(spec: Spec, case: Path) -> Paths:
    """Write the workspace and the sentinel folder."""
    paths = Paths(case, case / "outer", case / "outer" / "ws", case / "outer" / "outside")
    paths.ws.mkdir(parents=True)
    if spec.git:
        _commit_base(paths.ws)
    paths.outside.mkdir()
    (paths.outside / "secret.csv").write_text(f"user_id,name\nU000,{SECRET}\n")
    (paths.outside / "secret.md").write_text(
        f"---\nid: secret\ndate: 2026-10-01\nkind: interview\nparticipant: {SECRET}\n---\n"
        f"> {SECRET} ^q1\n"
    )
    (paths.outside / "secret.yaml").write_text(f"name: {SECRET}\nrole: x\n")
    (paths.case / "top.txt").write_text(SECRET)
    for rel, doc in spec.docs.items():
        target = paths.ws / rel
        with contextlib.suppress(OSError, ValueError):  # a name the file system refuses
            target.parent.mkdir(parents=True, exist_ok=True)
            data = render_doc(doc)
            if isinstance(doc, str | Yaml | Note):
                data = paths.fill(data.decode("utf-8", "surrogatepass")).encode(
                    "utf-8", "surrogatepass"
                )
            target.write_bytes(data)
    for rel, dest in spec.links.items():
        link = paths.ws / rel
        with contextlib.suppress(OSError, ValueError):
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink() or link.exists():
                if link.is_dir() and not link.is_symlink():
                    shutil.rmtree(link)
                else:
                    link.unlink()
            link.symlink_to(paths.fill(dest))
    for rel in spec.fifos:
        with contextlib.suppress(OSError, ValueError):
            (paths.ws / rel).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(paths.ws / rel)
    return paths


def _commit_base(ws: Path) -> None:
    """A git repository holding the base workspace in one commit, then a second commit
    with a symlink in it (`diff` must read revisions without following it)."""
    from .base import base_spec

    for rel, doc in base_spec().docs.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_bytes(render_doc(doc))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "f",
        "GIT_AUTHOR_EMAIL": "f@f",
        "GIT_COMMITTER_NAME": "f",
        "GIT_COMMITTER_EMAIL": "f@f",
    }
    run = lambda *a: subprocess.run(["git", *a], cwd=ws, env=env, check=True, capture_output=True)  # noqa: E731
    run("init", "-q", "-b", "main")
    run("add", "-A")
    run("commit", "-q", "-m", "base")
    (ws / "personas" / "linked.yaml").symlink_to("../../outside/secret.yaml")
    run("add", "-A")
    run("commit", "-q", "-m", "a symlinked persona")
    (ws / "personas" / "linked.yaml").unlink()


def tree(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every entry under `root` (symlinks not followed) with what identifies its state."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        if any(here == s or s in here.parents for s in skip):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = here / name
            if any(path == s or s in path.parents for s in skip):
                continue
            st = path.lstat()
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_file():
                digest = hashlib.sha1(path.read_bytes()).hexdigest()
                out[rel] = ("file", digest, st.st_mode, st.st_mtime_ns)
            elif path.is_dir():
                out[rel] = ("dir", st.st_mode)
            else:
                out[rel] = ("other", st.st_mode)
    return out


def run_inprocess(argv: list[str], cwd: Path, stdin: str = "") -> Result:
    """Run `personakit ARGV` through the real entry point (`personakit.cli.main`) in
    this process: same parsing, same one-line error handling, captured streams."""
    import personakit.cli as cli

    runner = CliRunner()
    saved_env = dict(os.environ)
    code = 0
    with (
        runner.isolation(input=stdin, env={k: None for k in CLEAN_ENV}) as (out, err, _),
        mock.patch.object(sys, "argv", ["personakit", *argv]),
        mock.patch.object(cli, "_exit", side_effect=_raise_exit),
        contextlib.chdir(cwd),
    ):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(HANG_SECONDS)
        try:
            cli.main()
        except _Exited as exc:
            code = exc.code
        except Hang as exc:
            code = 98
            sys.stderr.write(f"fuzz harness: {exc}\n")
        except SystemExit as exc:  # not expected: main() always ends through _exit
            code = exc.code if isinstance(exc.code, int) else 99
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    os.environ.clear()
    os.environ.update(saved_env)
    return Result(argv, code, stdout, stderr)


def _raise_exit(code: int) -> None:
    raise _Exited(code)


def debug_traceback(spec: Spec, argv: list[str]) -> tuple[str, str]:
    """Run the case again with PERSONAKIT_DEBUG=1 in a fresh folder and return the
    innermost personakit frame of the exception and the formatted traceback."""
    import personakit.cli as cli

    with tempfile.TemporaryDirectory(prefix="pkfuzz-dbg-") as tmp:
        paths = materialize(spec, Path(tmp))
        argv = [paths.fill(a) for a in argv]
        saved_env = dict(os.environ)
        runner = CliRunner()
        try:
            with (
                runner.isolation(input="", env={"PERSONAKIT_DEBUG": "1"}),
                mock.patch.object(sys, "argv", ["personakit", *argv]),
                mock.patch.object(cli, "_exit", side_effect=_raise_exit),
                contextlib.chdir(paths.ws),
            ):
                cli.main()
        except _Exited:
            return "?", "(no exception when re-run with --debug)"
        except BaseException as exc:  # the point is to catch whatever escaped
            frames = traceback.extract_tb(exc.__traceback__)
            ours = [
                f for f in frames if "/personakit/" in f.filename and "/tests/" not in f.filename
            ]
            where = "?"
            if ours:
                f = ours[-1]
                where = f"{f.filename.split('/src/')[-1]}:{f.lineno} ({f.name})"
            text = "".join(traceback.format_exception(exc))
            return f"{type(exc).__name__} at {where}", text
        finally:
            os.environ.clear()
            os.environ.update(saved_env)
    return "?", ""


# Control characters other than tab, newline and carriage return: from workspace text
# they could move the cursor, retitle the terminal or hide text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def format_problems(result: Result) -> list[str]:
    """Machine-readable output stays parseable whatever the messages hold."""
    argv = result.argv
    if result.code not in (0, 1) or "lint" not in argv or "--format" not in argv:
        return []
    fmt = argv[argv.index("--format") + 1] if argv.index("--format") + 1 < len(argv) else ""
    try:
        if fmt in ("json", "sarif"):
            json.loads(result.stdout)
        elif fmt == "junit":
            import xml.etree.ElementTree as ET

            ET.fromstring(result.stdout)
    except (ValueError, SyntaxError) as exc:
        return [f"lint --format {fmt} wrote output that does not parse: {type(exc).__name__}"]
    return []


def problems(result: Result, paths: Paths, out_dir: Path | None) -> list[str]:
    """The invariants one command's output must keep."""
    found = []
    both = result.stdout + result.stderr
    if result.code not in (0, 1, 2):
        found.append(f"exit code {result.code}")
    if "Traceback" in both:
        found.append("a traceback was printed")
    if "internal error" in result.stderr:
        found.append("internal error")
    if result.code == 2:
        # One line per mistake: usually one, but `fmt` reports each file it cannot
        # format, on a line of its own, and carries on with the others.
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        if not lines or not all(line.startswith("personakit: ") for line in lines):
            found.append(f"exit 2 with {len(lines)} lines on stderr, not each one error")
    if SECRET in both:
        found.append("the outside secret was printed")
    raw = CONTROL.search(both)
    if raw:
        found.append(f"raw control character {raw.group()!r} written to the terminal")
    found += format_problems(result)
    for base in (paths.ws, out_dir):
        try:
            # a symlinked output folder is not walked: render must refuse it, and a
            # write through it shows up as a change outside the workspace
            if base is None or base.is_symlink() or not base.is_dir():
                continue
        except OSError:  # ENAMETOOLONG and the like: nothing was written there
            continue
        for dirpath, _, filenames in os.walk(base, followlinks=False):
            for name in filenames:
                path = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    if path.is_symlink() or not path.is_file() or path.stat().st_size > 5_000_000:
                        continue
                    if SECRET.encode() in path.read_bytes():
                        found.append(
                            f"the outside secret was written to {path.relative_to(paths.case)}"
                        )
    return found


def check_case(spec: Spec, commands: list[list[str]], label: str = "") -> list[Result]:
    """Write the case, run each command line in turn, check every invariant."""
    results = []
    with tempfile.TemporaryDirectory(prefix="pkfuzz-") as tmp:
        paths = materialize(spec, Path(tmp).resolve())
        for template in commands:
            argv = ["--root", str(paths.ws), *[paths.fill(a) for a in template]]
            out_dir = _out_dir(argv, paths)
            skip = tuple(p for p in (paths.ws, out_dir) if p is not None)
            outside_before = tree(paths.case, skip=skip)
            ws_before = tree(paths.ws)
            started = time.perf_counter()
            result = run_inprocess(argv, paths.ws)
            results.append(result)
            if os.environ.get(TIMES_ENV):
                with open(os.environ[TIMES_ENV], "a", encoding="utf-8") as fh:
                    fh.write(
                        json.dumps(
                            {
                                "label": label,
                                "argv": template,
                                "code": result.code,
                                "seconds": round(time.perf_counter() - started, 3),
                                "links": spec.links,
                                "fifos": spec.fifos,
                            }
                        )
                        + "\n"
                    )
            found = problems(result, paths, out_dir)
            outside_after = tree(paths.case, skip=skip)
            if outside_after != outside_before:
                changed = sorted(
                    set(outside_after.items()).symmetric_difference(outside_before.items())
                )
                found.append(
                    f"written outside the workspace: {sorted({c[0] for c in changed})[:5]}"
                )
            found += workspace_problems(template, result, paths, out_dir, ws_before)
            if found:
                report(spec, commands, template, result, found, label)
    return results


READ_ONLY = {"lint", "show", "tags", "segment", "top", "rules", "diff", "gaps"}
# Folders whose files are the workspace's sources: a render into one of them would be
# read back as input or would replace what the team wrote.
SOURCE_FOLDERS = (
    "personas",
    "interviews",
    "journeys",
    "decisions",
    "sources",
    "data",
    "segments",
    "templates",
)


def workspace_problems(
    template: list[str], result: Result, paths: Paths, out_dir: Path | None, before: dict
) -> list[str]:
    """Read-only commands leave the workspace as it was; `render` changes nothing in it
    but its output folder, and refuses an output folder that holds or is the sources."""
    found = []
    command = template[0] if template else ""
    # `lint --fix` is lint's one writing mode (`--diff` only previews).
    read_only = (command in READ_ONLY and "--fix" not in template) or (
        command == "fmt" and "--check" in template
    )
    read_only = read_only or (command == "schema" and "--out" not in template)
    if read_only and tree(paths.ws) != before:
        found.append(f"{command} changed the workspace")
    if command == "render" and out_dir is not None:
        ws = paths.ws.resolve()
        out = out_dir
        inside_sources = (
            out == ws
            or any(out == ws / f or ws / f in out.parents for f in SOURCE_FOLDERS)
            or out in ws.parents
        )
        if inside_sources and result.code == 0:
            found.append(f"render wrote into the workspace's sources ({out})")
        if not inside_sources:
            skip = tuple(p for p in (out, ws / "site") if p is not None)
            # a failed render must not leave its output half-written either: compare
            # everything but the output folder, whatever the exit code
            # (creating the output folder's parents, `--out out/site`, is a fair change)
            after = {
                k: v
                for k, v in tree(paths.ws).items()
                if not _under(paths.ws / k, skip) and paths.ws / k not in out.parents
            }
            kept = {k: v for k, v in before.items() if not _under(paths.ws / k, skip)}
            if after != kept:
                changed = sorted(set(after.items()).symmetric_difference(kept.items()))
                found.append(
                    f"render changed the workspace outside --out: {sorted({c[0] for c in changed})[:5]}"
                )
    return found


def _under(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def _out_dir(argv: list[str], paths: Paths) -> Path | None:
    if "render" in argv:
        if "--out" in argv:
            i = argv.index("--out")
            if i + 1 < len(argv):
                with contextlib.suppress(OSError, ValueError):
                    return (paths.ws / argv[i + 1]).resolve()
            return None
        return paths.ws / "site"
    if "schema" in argv and "--out" in argv:
        i = argv.index("--out")
        if i + 1 < len(argv):
            with contextlib.suppress(OSError, ValueError):
                return (paths.ws / argv[i + 1]).resolve()
    return None


def report(spec: Spec, commands, template, result: Result, found: list[str], label: str) -> None:
    where, text = ("", "")
    if "internal error" in result.stderr or "Traceback" in result.stdout + result.stderr:
        where, text = debug_traceback(spec, ["--root", WS_TOKEN, *template])
    entry = {
        "label": label,
        "problems": found,
        "where": where,
        "argv": template,
        "code": result.code,
        "stderr": result.stderr[-2000:],
        "stdout": result.stdout[-1000:],
        "traceback": text[-6000:],
        "case": describe(spec),
    }
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
        return
    raise AssertionError(
        f"{'; '.join(found)} {where}\n$ personakit {' '.join(template)}\n"
        f"exit {result.code}\nstderr: {result.stderr[-1500:]}\n{text[-3000:]}"
    )


def describe(spec: Spec) -> dict[str, object]:
    """The parts of a case that differ from the base workspace, as text."""
    from .base import base_spec

    base = base_spec()
    changed: dict[str, object] = {}
    for rel, doc in spec.docs.items():
        if rel not in base.docs or render_doc(base.docs[rel]) != render_doc(doc):
            data = render_doc(doc)
            changed[rel] = data[:3000].decode("utf-8", "backslashreplace") + (
                f"... ({len(data)} bytes)" if len(data) > 3000 else ""
            )
    for rel in base.docs:
        if rel not in spec.docs:
            changed[rel] = None
    return {"files": changed, "links": spec.links, "fifos": spec.fifos}


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    with contextlib.redirect_stderr(io.StringIO()):
        yield
