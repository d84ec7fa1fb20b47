"""A workspace held in memory between lints (the language server, `serve`) never
answers otherwise than a fresh lint of the same files and buffers.

Each case starts from a copy of the example workspace and a memory that is watched
(an editor names the files it changed) or not (held notes are stat'ed), then runs a
sequence of hostile edits: a note's buffer or file rewritten with its prose changed,
a quote reworded, its front matter broken, its id changed or duplicated, an anchor
duplicated, random text or nothing; a note added, removed or reached through a new
link; a persona's buffer changed. After every step the held lint's findings must be
those of a lint that holds nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from personakit.errors import WorkspaceError
from personakit.linter import lint
from personakit.workspace.memory import WorkspaceMemory
from tests.test_lint_cache import example

from .settings import fuzz_settings

TODAY = dt.date(2026, 11, 24)
NOTES = "interviews/interviews"
PERSONA = "personas/ops-admin.yaml"

REWRITES: dict[str, Callable[[str, str], str]] = {
    "prose": lambda text, extra: text + f"\n{extra}\n",
    "reworded": lambda text, extra: text.replace("> ", f"> {extra} ", 1),
    "broken front matter": lambda text, extra: text.replace("kind: ", "kind: [", 1),
    "new id": lambda text, extra: text.replace("id: p", "id: x", 1),
    "duplicate id": lambda text, extra: text.replace("id: p", "id: p01 #", 1),
    "duplicate anchor": lambda text, extra: text.replace("^q2", "^q1", 1),
    "anything": lambda text, extra: extra,
    "nothing": lambda text, extra: "",
}


def bump(path: Path) -> None:
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + 2_000_000_000))


step = st.one_of(
    st.tuples(st.just("buffer"), st.integers(0, 30), st.sampled_from(sorted(REWRITES)), st.text()),
    st.tuples(st.just("disk"), st.integers(0, 30), st.sampled_from(sorted(REWRITES)), st.text()),
    st.tuples(st.just("add"), st.integers(0, 30), st.just(""), st.text()),
    st.tuples(st.just("remove"), st.integers(0, 30), st.just(""), st.just("")),
    st.tuples(st.just("link"), st.integers(0, 30), st.just(""), st.just("")),
    st.tuples(st.just("persona"), st.integers(0, 30), st.just(""), st.text()),
)


@fuzz_settings(ci_examples=12)
@given(watched=st.booleans(), steps=st.lists(step, min_size=1, max_size=5))
def test_a_held_workspace_answers_as_a_fresh_lint(watched: bool, steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = example(Path(folder))
        memory = WorkspaceMemory()
        if watched:
            memory.watch()
        buffers: dict[str, str] = {}
        lint(root, today=TODAY, memory=memory)
        for number, (kind, pick, how, extra) in enumerate(steps):
            notes = sorted((root / NOTES).glob("*.md"))
            note = notes[pick % len(notes)] if notes else None
            rel = note.relative_to(root).as_posix() if note else ""
            if kind == "buffer" and note is not None:
                buffers[rel] = REWRITES[how](note.read_text(encoding="utf-8"), extra)
            elif kind == "disk" and note is not None:
                note.write_text(
                    REWRITES[how](note.read_text(encoding="utf-8"), extra), encoding="utf-8"
                )
                bump(note)
                memory.touched([rel])
            elif kind == "add":
                added = root / NOTES / f"2026-12-0{number}-n{pick}.md"
                added.write_text(
                    f"---\nid: n{number}x{pick}\ndate: 2026-12-01\nkind: interview\n"
                    f"participant: N{pick}\nrole: observer\n---\n> {extra} ^q1\n",
                    encoding="utf-8",
                )
                memory.touched([added.relative_to(root).as_posix()])
            elif kind == "remove" and note is not None:
                note.unlink()
                buffers.pop(rel, None)
                memory.touched([rel])
            elif kind == "link" and note is not None:
                linked = root / NOTES / f"linked-{number}.md"
                linked.symlink_to(note.name)
                memory.touched([linked.relative_to(root).as_posix()])
            elif kind == "persona":
                text = (root / PERSONA).read_text(encoding="utf-8")
                buffers[PERSONA] = text.replace("p01#q1", f"p01#q{pick}", 1) + f"# {extra}\n"
            held = outcome(root, buffers, memory)
            assert held == outcome(root, buffers), (number, kind, how)


def outcome(root: Path, buffers: dict[str, str], memory: WorkspaceMemory | None = None):
    """The findings of a lint, or the one-line error that stopped it (a link to a note
    that was removed stops any lint)."""
    try:
        return lint(root, today=TODAY, memory=memory, overrides=buffers).findings
    except WorkspaceError as exc:
        return str(exc)
