"""Time personakit against its floors on a generated workspace, in one run, and print
every target of docs/performance.md with PASS or FAIL.

    python benchmarks/run.py [--notes 10000] [--personas 100] [--repeat 3]

The floor is the bare libyaml parse of the same files on one core
(`benchmarks/bare_parse.py`: read every file and `yaml.load` it with `CSafeLoader`,
for Markdown its front matter, nothing else). yamllint on the same YAML is printed for
context. Every figure is the best wall-clock time of `--repeat` runs of a real
subprocess, interpreter start-up included on every side; peak memory is the largest
resident size of any run of that command.

"Cold" runs use no cache (`PERSONAKIT_NO_CACHE=1`); a cold render also has no site
from before to replace (a render replacing one is printed for context). "Warm" runs
follow a run that filled the cache. personakit's bytecode is written first, as an
install writes it (benchmarks/bench_bytecode.py). "After one edit" appends a line to
one note before each run (prose, which no rule reads), for lint and for render; "after
a quote edit" changes the words of one of its quotes before each run, which every rule
and several pages may see.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from bench_bytecode import compile_package  # noqa: E402
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
PK = str(BIN / "personakit")
AS_OF = "2026-11-24"
COLD = {"PERSONAKIT_NO_CACHE": "1"}


@dataclass
class Timing:
    seconds: float
    peak_mb: float


def timed(
    cmd: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)
) -> Timing:
    """One run of `cmd`: wall-clock seconds and peak resident memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {code}: {stderr[-500:]}")
    return Timing(elapsed, usage.ru_maxrss / 1024)


def best_of(cmd: list[str], repeat: int, env: dict[str, str] | None = None, before=None) -> Timing:
    """The fastest of `repeat` runs (each after `before()`, if given); the largest peak."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(timed(cmd, env))
    return Timing(min(r.seconds for r in runs), max(r.peak_mb for r in runs))


def yaml_copy(ws: Path, out: Path) -> int:
    """The workspace's YAML, front matter included, as plain .yaml files for yamllint."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = 0
    for path in sorted(ws.rglob("*")):
        if path.suffix not in (".yaml", ".md") or ".personakit_cache" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text[: text.find("\n---", 3) + 5]
        name = path.relative_to(ws).as_posix().replace("/", "__")
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")
        files += 1
    return files


class Editor:
    """Appends a line to one note, so that every run after it sees one changed file: an
    edit to the note's prose, which no rule reads (a lint keeps its answer)."""

    def __init__(self, ws: Path) -> None:
        self.note = next(iter(sorted((ws / "interviews").rglob("*.md"))))
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        with self.note.open("a", encoding="utf-8") as handle:
            handle.write(f"\nA line added after the call ({self.count}).\n")


class QuoteEditor:
    """Changes the words of one note's first quote before each run, each time to words
    it never had: an edit lint sees, so every run after it is a full one."""

    def __init__(self, ws: Path) -> None:
        self.note = next(iter(sorted((ws / "interviews").rglob("*.md"))))
        self.text = self.note.read_text(encoding="utf-8")
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        edited = self.text.replace("\n> ", f"\n> Edit {self.count}: ", 1)
        assert edited != self.text, "the note has no quote"
        self.note.write_text(edited, encoding="utf-8")

    def restore(self) -> None:
        self.note.write_text(self.text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--personas", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    args = parser.parse_args()

    compile_package()
    ws = args.work / "workspace"
    print(f"generating {args.notes} notes and {args.personas} personas in {ws} ...")
    generate(ws, args.notes, args.personas)
    yaml_files = yaml_copy(ws, args.work / "yaml-for-yamllint")
    site = args.work / "site"
    lint = [PK, "--root", str(ws), "lint", "--format", "json", "--as-of", AS_OF]
    render = [PK, "--root", str(ws), "render", "--out", str(site)]
    example = [PK, "--root", str(REPO), "lint", "--as-of", AS_OF]
    edit = Editor(ws)
    r = args.repeat

    t: dict[str, Timing] = {}
    t["bare libyaml parse"] = best_of([sys.executable, str(HERE / "bare_parse.py"), str(ws)], r)
    t["lint, cold"] = best_of(lint, r, COLD)
    timed(lint)  # fills the cache
    t["lint, warm"] = best_of(lint, r)
    t["lint, after one edit"] = best_of(lint, r, before=edit)
    quote_edit = QuoteEditor(ws)
    t["lint, after a quote edit"] = best_of(lint, r, before=quote_edit)
    quote_edit.restore()
    timed(lint)  # the cache as it was before the quote edits
    # Cold: no cache and no site from before, as a first render; replacing a site
    # also removes the old one's files, which on this machine's disk took 0.3 to 3 s
    # (more once they are written back), printed as context.
    cold_site = args.work / "site-cold"
    render_cold = [PK, "--root", str(ws), "render", "--out", str(cold_site)]

    def no_site() -> None:
        shutil.rmtree(cold_site, ignore_errors=True)
        os.sync()

    t["render, cold"] = best_of(render_cold, max(1, r - 1), COLD, before=no_site)
    timed(render)  # fills the cache
    t["render, cold, replacing a site"] = best_of(render, 1, COLD)
    timed(render)
    t["render, after one edit"] = best_of(render, r, before=edit)
    t["render, after a quote edit"] = best_of(render, r, before=quote_edit)
    quote_edit.restore()
    timed(render)  # the site and cache as they were before the quote edits
    t["example lint, cold"] = best_of(example, r + 2, COLD)
    timed(example)
    t["example lint, warm"] = best_of(example, r + 2)
    t["--version"] = best_of([PK, "--version"], 5)
    loop = subprocess.run(
        [sys.executable, str(HERE / "editor_loop.py"), str(ws), str(max(r + 2, 9))],
        check=True,
        capture_output=True,
        text=True,
    )
    editor = json.loads(loop.stdout)
    yamllint = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")
    if yamllint:
        t["yamllint"] = best_of(
            [yamllint, "-f", "parsable", str(args.work / "yaml-for-yamllint")], 1
        )

    print(
        f"\nworkspace: {args.notes} notes, {args.personas} personas, {yaml_files} YAML documents\n"
    )
    for name, timing in t.items():
        print(f"  {name:<24} {timing.seconds:8.3f} s   peak {timing.peak_mb:6.0f} MB")

    floor = t["bare libyaml parse"].seconds
    cold = t["lint, cold"].seconds
    checks = [
        ("cold lint / floor", cold / floor, 1.5, "x"),
        ("cold lint peak memory", t["lint, cold"].peak_mb, 300, " MB"),
        ("warm lint", t["lint, warm"].seconds, 0.3, " s"),
        ("lint after a prose edit", t["lint, after one edit"].seconds, 0.5, " s"),
        ("lint after a quote edit", t["lint, after a quote edit"].seconds, 0.5, " s"),
        ("cold render / cold lint", t["render, cold"].seconds / cold, 3.0, "x"),
        ("render after a prose edit", t["render, after one edit"].seconds, 1.0, " s"),
        ("render after a quote edit", t["render, after a quote edit"].seconds, 1.0, " s"),
        ("example lint, cold", t["example lint, cold"].seconds, 0.25, " s"),
        ("example lint, warm", t["example lint, warm"].seconds, 0.15, " s"),
        ("--version", t["--version"].seconds, 0.1, " s"),
        ("editor, watching client", editor["watched"]["median"], 0.2, " s"),
        ("editor, client not watching", editor["stat"]["median"], 0.2, " s"),
    ]
    print()
    for name, value, target, unit in checks:
        verdict = "PASS" if value <= target else "FAIL"
        print(f"  {name:<26} {value:8.2f}{unit:<3}  target at most {target}{unit}  {verdict}")
    if "yamllint" in t:
        print(f"\n  yamllint / cold lint       {t['yamllint'].seconds / cold:8.1f}x  (context)")
    print(f"  editor, first load         {editor['first']:8.2f} s   (context)")
    (args.work / "results.json").write_text(
        json.dumps(
            {
                "seconds": {k: v.seconds for k, v in t.items()},
                "peak_mb": {k: v.peak_mb for k, v in t.items()},
                "checks": {name: [value, target] for name, value, target, _ in checks},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
