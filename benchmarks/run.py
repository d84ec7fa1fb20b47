"""Time personakit against its baselines on a generated workspace, in one run.

    python benchmarks/run.py [--notes 10000] [--personas 100] [--repeat 3]

Baselines (docs/performance.md): the bare libyaml parse of the same files (target: lint within
2x), and yamllint on the same YAML (target: lint at least 20x faster). yamllint cannot
read Markdown, so it is given the notes' front matter as YAML files alongside the
persona, journey and config files: the same YAML text lint parses. Every figure is the
best wall-clock time of `--repeat` runs of a real subprocess, so interpreter start-up is
counted on both sides.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent


def best_of(cmd: list[str], repeat: int, ok_codes: tuple[int, ...] = (0,)) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-500:]}")
        best = min(best, elapsed)
    return best


def yaml_copy(ws: Path, out: Path) -> int:
    """The workspace's YAML, front matter included, as plain .yaml files for yamllint."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = 0
    for path in sorted(ws.rglob("*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text[: text.find("\n---", 3) + 5]
        name = path.relative_to(ws).as_posix().replace("/", "__")
        (out / f"{name}.yaml").write_text(text, encoding="utf-8")
        files += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--personas", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    args = parser.parse_args()

    ws = args.work / "workspace"
    print(f"generating {args.notes} notes and {args.personas} personas in {ws} ...")
    generate(ws, args.notes, args.personas)
    yaml_files = yaml_copy(ws, args.work / "yaml-for-yamllint")

    py = sys.executable
    lint_cmd = [
        str(BIN / "personakit"),
        "--root",
        str(ws),
        "lint",
        "--format",
        "json",
        "--as-of",
        "2026-11-24",
    ]
    results = {
        "personakit lint": best_of(lint_cmd, args.repeat, ok_codes=(0, 1)),
        "bare libyaml parse": best_of([py, str(HERE / "bare_parse.py"), str(ws)], args.repeat),
        "personakit --version": best_of([str(BIN / "personakit"), "--version"], 5),
    }
    yamllint = shutil.which("yamllint", path=str(BIN)) or shutil.which("yamllint")
    if yamllint:
        results["yamllint"] = best_of(
            [yamllint, "-f", "parsable", str(args.work / "yaml-for-yamllint")], 1, ok_codes=(0, 1)
        )
    lint_s = results["personakit lint"]
    print(
        f"\nworkspace: {args.notes} notes, {args.personas} personas, {yaml_files} YAML documents\n"
    )
    for name, seconds in results.items():
        print(f"  {name:<22} {seconds:8.3f} s")
    ratios = {"lint / bare parse": lint_s / results["bare libyaml parse"]}
    if "yamllint" in results:
        ratios["yamllint / lint"] = results["yamllint"] / lint_s
        # How far ahead of yamllint parsing alone gets: the ceiling for lint's ratio.
        ratios["yamllint / bare parse"] = results["yamllint"] / results["bare libyaml parse"]
    print()
    print(f"  lint / bare parse    {ratios['lint / bare parse']:6.2f}x   (target: at most 2x)")
    if "yamllint / lint" in ratios:
        print(f"  yamllint / lint      {ratios['yamllint / lint']:6.1f}x   (target: at least 20x)")
        print(f"  yamllint / bare      {ratios['yamllint / bare parse']:6.1f}x   (parsing alone)")
    print(f"  --version            {results['personakit --version']:6.3f} s  (target: under 0.2 s)")
    (args.work / "results.json").write_text(
        json.dumps({"seconds": results, "ratios": ratios}, indent=2)
    )


if __name__ == "__main__":
    main()
