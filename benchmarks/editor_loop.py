"""Time the language server's work for one edited note on a large workspace.

The server lints the open buffers against the rest of the workspace, held in memory
between lints (workspace/memory.py). This loads the workspace once, as the server
does on its first request, then edits one note's buffer REPEAT times and prints, as
JSON, the first load and the best and median response (seconds), twice: as with a
client that names the files changed on disk (`watched`: the server asks every client
that can, lsp/server.py), and as with one that cannot (`stat`: every held note is
stat'ed on each lint). It calls the server's own lint (`lint_buffers`) in one
process: the protocol's framing, which it leaves out, is a few milliseconds.

    python benchmarks/editor_loop.py WORKSPACE [REPEAT]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from personakit.lsp.diagnostics import lint_buffers
from personakit.workspace.memory import WorkspaceMemory


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if len(sys.argv) > 3:  # one mode, in a process of its own
        print(json.dumps(timed(root, repeat, watched=sys.argv[3] == "watched")))
        return
    out: dict[str, object] = {}
    # Each mode in a fresh process: one holding the other's workspace too is slower.
    for mode in ("watched", "stat"):
        run = [sys.executable, __file__, str(root), str(repeat), mode]
        found = json.loads(subprocess.run(run, check=True, capture_output=True).stdout)
        out.setdefault("first", found["first"])
        out[mode] = {"best": found["best"], "median": found["median"]}
    print(json.dumps(out))


def timed(root: Path, repeat: int, watched: bool) -> dict[str, float]:
    """The first load, and the best and median response to one edited note's buffer."""
    note = min((root / "interviews").rglob("*.md"))
    rel = note.relative_to(root).as_posix()
    text = note.read_text(encoding="utf-8")
    memory = WorkspaceMemory()
    if watched:
        memory.watch()
    started = time.perf_counter()
    lint_buffers(root, {}, memory=memory)
    first = time.perf_counter() - started
    responses = []
    for count in range(repeat):
        buffer = text + f"\nA line typed in the editor ({count}).\n"
        started = time.perf_counter()
        lint_buffers(root, {rel: buffer}, memory=memory)
        responses.append(time.perf_counter() - started)
    return {"first": first, "best": min(responses), "median": statistics.median(responses)}


if __name__ == "__main__":
    main()
