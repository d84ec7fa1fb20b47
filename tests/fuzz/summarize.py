"""Group the crashes a long fuzz run logged (PERSONAKIT_FUZZ_LOG) into classes.

    python -m tests.fuzz.summarize crashes.jsonl [--full]

A class is the broken invariant plus, for an internal error, the exception type and the
innermost personakit frame. For each class it prints how many cases hit it and the
smallest case (fewest changed bytes) with its command line.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict


def key(entry: dict) -> str:
    problems = sorted(re.sub(r"\(.*\)|\[.*\]|/tmp/\S+", "", p).strip() for p in entry["problems"])
    return f"{' + '.join(problems)} | {entry['where'] or '-'}"


def size(entry: dict) -> int:
    files = entry["case"]["files"]
    return (
        sum(len(v or "") for v in files.values()) + 50 * len(files) + len(json.dumps(entry["argv"]))
    )


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as fh:
        entries = [json.loads(line) for line in fh if line.strip()]
    classes: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        classes[key(entry)].append(entry)
    print(f"{len(entries)} failing commands, {len(classes)} classes\n")
    for k, group in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        best = min(group, key=size)
        print(f"## {k}  ({len(group)} cases)")
        print(f"   $ personakit {' '.join(map(repr, best['argv']))}   -> exit {best['code']}")
        print(f"   stderr: {best['stderr'].strip()[:300]}")
        for rel, text in best["case"]["files"].items():
            shown = text if text is None else text[:600]
            print(f"   file {rel}: {shown!r}")
        if best["case"]["links"] or best["case"]["fifos"]:
            print(f"   links {best['case']['links']} fifos {best['case']['fifos']}")
        if "--full" in argv:
            print(best["traceback"][-2500:])
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
