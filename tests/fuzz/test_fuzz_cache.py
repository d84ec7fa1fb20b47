"""Hostile `.personakit_cache/` contents never change lint's answer, never crash it and
never bring anything from outside the workspace into its output.

A cloned repository may carry a cache: damaged entries (any byte changed, cut off,
bytes inserted), entries signed as personakit signs them but recording the stats and
digests of files they were not made from, entries that are links out of the workspace,
folders or FIFOs, and a cache folder that is itself a link or a file. Each case fills
the cache with real entries of the base workspace, plants a few such things, and then
compares the cached run's reports with a run that uses no cache.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from personakit.cache import CACHE_DIR, sign
from personakit.linter import lint
from personakit.report.output import lint_report

from .base import base_spec
from .harness import SECRET, materialize
from .settings import cache_on, fuzz_settings

TODAY = __import__("datetime").date(2026, 11, 24)
FORMATS = ("text", "json", "sarif")


def reports(root: Path, cache: bool) -> list[str]:
    result = lint(root, today=TODAY, cache=cache)
    return [lint_report(result, fmt, show_info=True) for fmt in FORMATS]


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.is_file() and not p.is_symlink())


def _damage(data: st.DataObject, entry: Path) -> None:
    raw = bytearray(entry.read_bytes())
    how = data.draw(st.sampled_from(["flip", "cut", "insert"]), label="damage")
    at = data.draw(st.integers(0, max(len(raw) - 1, 0)), label="at")
    if how == "flip" and raw:
        raw[at] ^= data.draw(st.integers(1, 255), label="xor")
    elif how == "cut":
        del raw[at:]
    else:
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
    entry.write_bytes(bytes(raw))


def _lie(data: st.DataObject, entry: Path) -> None:
    """Signed as personakit signs, but vouching for other files: stats and digests
    shifted, as a cache made on another machine would have them."""
    try:
        body = json.loads(entry.read_text(encoding="utf-8").partition("\n")[2])
    except ValueError:
        return  # damaged by an earlier plant already
    if not isinstance(body, dict):
        return
    shift = data.draw(st.integers(1, 10**9), label="shift")

    def lie(value):
        if isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value):
            return [v + shift for v in value]
        if isinstance(value, list):
            return [lie(v) for v in value]
        if isinstance(value, dict):
            return {k: lie(v) for k, v in value.items()}
        if isinstance(value, str) and len(value) == 32 and value.isalnum():
            return "0" * 32  # a digest
        return value

    body["data"] = lie(body.get("data"))
    if isinstance(body["data"], dict) and isinstance(body["data"].get("findings"), list):
        body["data"]["findings"] = []  # and a clean answer, while at it
    entry.write_text(sign(json.dumps(body)), encoding="utf-8")


def _replace(data: st.DataObject, entry: Path, outside: Path) -> None:
    what = data.draw(st.sampled_from(["link-out", "folder", "fifo"]), label="replace")
    entry.unlink()
    if what == "link-out":
        entry.symlink_to(outside / "secret.md")
    elif what == "folder":
        entry.mkdir()
    else:
        os.mkfifo(entry)


@fuzz_settings(ci_examples=15)
@given(st.data())
def test_a_hostile_cache_never_changes_the_answer(data: st.DataObject) -> None:
    with cache_on("pkfuzz-cache-") as tmp:
        paths = materialize(base_spec(), tmp)
        root, folder = paths.ws, paths.ws / CACHE_DIR
        expected = reports(root, cache=False)
        reports(root, cache=True)  # fills the lint and note entries
        assert _entries(folder)
        if data.draw(st.booleans(), label="whole folder"):
            shutil.rmtree(folder)
            if data.draw(st.booleans(), label="as a link"):
                folder.symlink_to(paths.outside, target_is_directory=True)
            else:
                folder.write_text("not a folder")
        else:
            for _ in range(data.draw(st.integers(1, 3), label="plants")):
                entries = _entries(folder)
                if not entries:
                    break
                entry = data.draw(st.sampled_from(entries), label="entry")
                kind = data.draw(st.sampled_from(["damage", "lie", "replace"]), label="kind")
                if kind == "damage":
                    _damage(data, entry)
                elif kind == "lie":
                    _lie(data, entry)
                else:
                    _replace(data, entry, paths.outside)
        for _ in range(2):  # the run that meets the plants, and the one after it
            got = reports(root, cache=True)
            assert got == expected
            assert not any(SECRET in text for text in got)
