"""The whole-run lint cache (lint_cache.py): a warm run says exactly what a fresh one
says, sees every change to what the run read, and survives any cache it finds.

The cache refuses to remember a run whose inputs changed (mtime or ctime) since two
seconds before it began. In-process tests shrink that window to nothing (`_cache_on`;
the racy-edit test puts it back) and write files "in the past" (`settle`), which gives
what changed since the last settle a distinct mtime of its own, so that a cache which
ignored a file's or a folder's stat would replay a stale answer and fail the test.
Tests that run personakit in a subprocess wait out the window (`wait_out_the_window`).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from personakit import lint_cache
from personakit.cache import CACHE_DIR
from personakit.linter import CachedLintResult, LintResult, lint
from personakit.report.output import lint_report
from personakit.rule_selection import RuleSelection
from tests.conftest import read_entry, write_entry

REPO = Path(__file__).resolve().parents[1]
RACY_SECONDS = lint_cache.RACY_NS / 1e9
TODAY = dt.date(2026, 11, 24)
_TICK = itertools.count(1)

# Every report a user can ask for: (format, options).
REPORTS: list[tuple[str, dict[str, Any]]] = [
    ("text", {}),
    ("text", {"show_info": True}),
    ("text", {"quiet": 1}),
    ("text", {"statistics": True}),
    ("text", {"color": True, "show_info": True}),
    ("json", {}),
    ("json", {"statistics": True}),
    ("github", {}),
    ("sarif", {}),
    ("junit", {}),
]


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)


def wait_out_the_window() -> None:
    """Let the ctime of what a test just wrote fall out of the racy window (2 s)."""
    time.sleep(RACY_SECONDS + 0.2)


def settle(root: Path) -> None:
    """Give every file and folder changed in the last minute a distinct mtime an hour ago."""
    recent = time.time_ns() - 60 * 10**9
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != CACHE_DIR]
        for name in [*dirs, *files]:
            path = os.path.join(folder, name)
            if os.lstat(path).st_mtime_ns > recent:
                when = time.time_ns() - 3600 * 10**9 + next(_TICK) * 1000
                os.utime(path, ns=(when, when), follow_symlinks=False)


def example(tmp_path: Path) -> Path:
    """A copy of the repository's example workspace, settled."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("personakit.yaml", "personas", "journeys", "interviews", "decisions"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy2(src, root / name)
    for name in ("sources", "data"):
        shutil.copytree(REPO / name, root / name)
    settle(root)
    return root


def generated(tmp_path: Path) -> Path:
    """A generated workspace of 200 notes (benchmarks/generate.py), settled."""
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path / "gen"
    module.generate(root, notes=200, personas=5)
    settle(root)
    return root


def cached(root: Path, *paths: str, **options) -> LintResult:
    return lint(root, list(paths), today=TODAY, cache=True, **options)


def fresh(root: Path, *paths: str, **options) -> LintResult:
    return lint(root, list(paths), today=TODAY, **options)


def reports(result: LintResult) -> list[str]:
    return [lint_report(result, fmt, **options) for fmt, options in REPORTS]


def assert_same_as_fresh(root: Path, *paths: str) -> list[str]:
    """A cached run (a miss that stores), then a warm one (a hit), both byte for byte
    what a fresh run prints, in every format; returns those reports."""
    expected = reports(fresh(root, *paths))
    first = cached(root, *paths)
    assert reports(first) == expected
    warm = cached(root, *paths)
    assert isinstance(warm, CachedLintResult), "the second run should be a hit"
    assert reports(warm) == expected
    assert warm.exit_code == first.exit_code
    return expected


def codes(result: LintResult) -> set[str]:
    return {f.code for f in result.findings}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


P01 = Path("interviews/interviews/2026-09-08-p01.md")


# -- same output, cached or not ----------------------------------------------------------


def test_the_example_workspace_reports_the_same_warm_as_fresh(tmp_path: Path):
    root = example(tmp_path)
    assert_same_as_fresh(root)
    assert_same_as_fresh(root, str(root / "personas"))
    assert_same_as_fresh(root, str(root / "personas" / "ops-admin.yaml"))
    # With findings of every kind the reporters show: a misquote (details, a diff, an
    # unsafe fix), a note that cannot be read (the summary's note), and as-of ages.
    replace(root / P01, "something to look at", "something to peek at")
    replace(root / "interviews/churn/2026-09-30-fourthcoffee.md", "date: 2026-09-30", "date: 2026")
    settle(root)
    out = assert_same_as_fresh(root)
    assert "PK103" in out[0] and "could not be read" in out[0]
    assert isinstance(lint(root, [], today=dt.date(2031, 1, 1), cache=True), LintResult)
    assert reports(lint(root, [], today=dt.date(2031, 1, 1), cache=True)) == reports(
        lint(root, [], today=dt.date(2031, 1, 1))
    )


def test_a_generated_workspace_stays_the_same_through_edits_renames_and_deletions(
    tmp_path: Path,
):
    root = generated(tmp_path)
    notes = sorted((root / "interviews").rglob("*.md"))
    first, second, third = notes[0], notes[1], notes[2]

    def counted_note() -> Path:
        # A note whose role a count filters on: changing it changes a count.
        return next(n for n in notes[3:] if "role: persona-000" in n.read_text())

    def add_note(like: Path) -> None:
        (root / "interviews" / "extra").mkdir()
        text = like.read_text().replace("id: ", "id: x", 1)
        (root / "interviews" / "extra" / "x.md").write_text(text)

    def add_prose(note: Path) -> None:
        note.write_text(note.read_text() + "\nA paragraph no rule reads.\n")

    steps = [
        lambda: replace(counted_note(), "role: persona-000", "role: persona-001"),  # edit
        lambda: add_prose(third),  # prose only: the answer is kept (lint_delta.py)
        lambda: first.rename(first.with_name("renamed.md")),  # rename, same content
        lambda: second.unlink(),  # deletion
        lambda: add_note(third),  # a note in a new subfolder
        lambda: replace(root / "personakit.yaml", "max_personas: 200", "max_personas: 2"),
        lambda: replace(root / "personas" / "persona-000.yaml", "count: {n: ", "count: {n: 9"),
    ]
    before = assert_same_as_fresh(root)
    for step in steps:
        step()
        settle(root)
        if step is steps[1]:
            kept = cached(root)
            assert isinstance(kept, CachedLintResult)
            assert reports(kept) == reports(fresh(root)) == before
            continue
        after = assert_same_as_fresh(root)
        assert after != before  # so a stale cache would have been caught
        before = after


# -- what a warm run must see ------------------------------------------------------------


def test_a_changed_quote_gives_a_misquote_on_the_warm_run(tmp_path: Path):
    root = example(tmp_path)
    cached(root)
    assert isinstance(cached(root), CachedLintResult)
    # Same length, same inode: only the mtime tells.
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    assert "PK103" in codes(cached(root))


def test_a_changed_data_file_gives_data_drift_on_the_warm_run(tmp_path: Path):
    root = example(tmp_path)
    assert "PK403" not in codes(cached(root))
    assert isinstance(cached(root), CachedLintResult)
    users = root / "data" / "users.csv"
    lines = users.read_text().split("\n")
    # Everyone active on no day of the last 28: the economic buyers' count drifts.
    header = lines[0].split(",")
    col = header.index("active_days_28")
    rows = [line.split(",") for line in lines[1:] if line]
    for row in rows:
        row[col] = "0"
    users.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n")
    settle(root)
    assert "PK403" in codes(cached(root))
    assert "PK403" in codes(fresh(root))


def _pk(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "personakit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_the_review_lock_appearing_or_changing_is_seen(tmp_path: Path):
    root = example(tmp_path)
    assert _pk("review", "--all", cwd=root).returncode == 0
    reviewed = (root / "personakit.lock").read_text()
    # A cited quote corrected after the review, the lock then removed.
    replace(root / P01, "get the CRM connected", "get the CRM installed")
    (root / "personakit.lock").unlink()
    settle(root)
    assert "PK110" not in codes(cached(root))
    assert isinstance(cached(root), CachedLintResult)
    # The lock comes back: the claim is suspect.
    (root / "personakit.lock").write_text(reviewed)
    settle(root)
    assert "PK110" in codes(cached(root))
    assert isinstance(cached(root), CachedLintResult)
    # Reviewed again: the lock changes, the finding goes.
    assert _pk("review", "--all", cwd=root).returncode == 0
    settle(root)
    assert "PK110" not in codes(cached(root))


def test_strict_is_not_part_of_the_answer_but_changes_the_exit_code(tmp_path: Path):
    root = example(tmp_path)
    replace(root / "personakit.yaml", "PK108: {max_age_days: 365}", "PK108: {max_age_days: 1}")
    settle(root)
    cached(root)
    warm = cached(root, strict=True)
    assert isinstance(warm, CachedLintResult)
    assert warm.counts()["warning"] and warm.exit_code == 1
    assert cached(root).exit_code == 0


# -- a cache that cannot be trusted ------------------------------------------------------


def _entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("lint-*.json"))


def _corrupt_each(root: Path, change) -> None:
    for entry in _entries(root):
        change(entry)


def _stale_answer(root: Path) -> tuple[list[str], Path]:
    """The example cached, then a quote changed so that the true answer differs."""
    cached(root)
    assert len(_entries(root)) == 1
    return reports(fresh(root)), _entries(root)[0]


def _lie_about_stats(entry: Path) -> None:
    # A well-formed entry from "another machine": a clean answer, and the stats of
    # files that are not these.
    data = read_entry(entry)
    data["data"]["findings"] = []
    data["data"]["stats"] = {k: [1, 2, 3] for k in data["data"]["stats"]}
    write_entry(entry, data)


def _foreign_version(entry: Path) -> None:
    data = read_entry(entry)
    data["version"] = "0.0.1-elsewhere"
    data["data"]["findings"] = []
    write_entry(entry, data)


def _wrong_shape(entry: Path) -> None:
    data = read_entry(entry)
    data["data"]["findings"] = [["personas/x.yaml", "one", 1]]
    write_entry(entry, data)


CORRUPTIONS = {
    "garbage": lambda e: e.write_bytes(b"\x00\xff{not json" * 50),
    "wrong-shape": _wrong_shape,
    "foreign-version": _foreign_version,
    "lying-stats": _lie_about_stats,
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, how: str):
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    expected, entry = _stale_answer(root)
    CORRUPTIONS[how](entry)
    assert reports(cached(root)) == expected  # a miss: right, and written again
    warm = cached(root)
    assert isinstance(warm, CachedLintResult) and reports(warm) == expected


def test_an_entry_that_skips_the_required_inputs_is_not_trusted(tmp_path: Path):
    # A planted entry that records no file at all would match any workspace.
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    expected, entry = _stale_answer(root)
    data = read_entry(entry)
    data["data"]["findings"] = []
    data["data"]["stats"] = {}
    write_entry(entry, data)
    assert reports(cached(root)) == expected


@pytest.mark.parametrize("kind", ["file", "symlink-out"])
def test_a_cache_folder_that_is_not_a_folder_of_the_workspace_is_not_used(
    tmp_path: Path, kind: str
):
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    expected, entry = _stale_answer(root)
    outside = tmp_path / "elsewhere"
    shutil.copytree(root / CACHE_DIR, outside)
    # The copy outside holds a clean answer with stats that match.
    data = read_entry(outside / entry.name)
    data["data"]["findings"] = []
    write_entry((outside / entry.name), data)
    shutil.rmtree(root / CACHE_DIR)
    if kind == "file":
        (root / CACHE_DIR).write_text("not a folder")
    else:
        (root / CACHE_DIR).symlink_to(outside, target_is_directory=True)
    settle(root)
    for _ in range(2):
        assert reports(cached(root)) == expected
        assert not isinstance(cached(root), CachedLintResult)
    assert read_entry(outside / entry.name)["data"]["findings"] == []


def test_a_source_line_is_never_read_from_outside_the_workspace(tmp_path: Path):
    # A planted finding naming a file outside: the text report shows no line of it.
    root = example(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    cached(root)
    (entry,) = _entries(root)
    data = read_entry(entry)
    rel = os.path.relpath(secret, root)
    data["data"]["findings"] = [[rel, 1, 1, "PK101", "x", "error", "m", None, None]]
    data["data"]["texted"] = [rel]
    write_entry(entry, data)
    warm = cached(root)
    assert isinstance(warm, CachedLintResult)
    assert "TOP SECRET" not in lint_report(warm, "text")


# -- turning it off, and running twice at once -------------------------------------------


def test_no_cache_and_the_environment_variable_leave_no_cache_folder(tmp_path: Path):
    root = example(tmp_path)
    assert _pk("lint", "--no-cache", cwd=root).returncode == 0
    assert not (root / CACHE_DIR).exists()
    assert _pk("lint", cwd=root, env={"PERSONAKIT_NO_CACHE": "1"}).returncode == 0
    assert not (root / CACHE_DIR).exists()
    assert _pk("lint", "--fix", cwd=root).returncode == 0
    assert not (root / CACHE_DIR).exists()
    wait_out_the_window()
    assert _pk("lint", cwd=root).returncode == 0
    assert _entries(root)  # on by default


def test_the_cli_prints_the_same_warm_as_fresh(tmp_path: Path):
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    wait_out_the_window()
    for args in (["--as-of", "2026-11-24"], ["--format", "json", "--as-of", "2026-11-24"]):
        fresh_run = _pk("lint", "--no-cache", *args, cwd=root)
        cold = _pk("lint", *args, cwd=root)
        warm = _pk("lint", *args, cwd=root)
        assert (cold.stdout, cold.returncode) == (fresh_run.stdout, fresh_run.returncode)
        assert (warm.stdout, warm.returncode) == (fresh_run.stdout, fresh_run.returncode)
        assert warm.returncode == 1 and "PK103" in warm.stdout
    assert len(_entries(root)) == 1  # one answer, whatever the format


def test_two_lints_at_once_both_give_the_right_answer(tmp_path: Path):
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")
    settle(root)
    expected = _pk("lint", "--no-cache", "--format", "json", cwd=root).stdout
    wait_out_the_window()
    for _round in range(3):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "personakit", "lint", "--format", "json"],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, err) == (1, "")
            assert out == expected
    assert len(_entries(root)) == 1
    replays = set((root / CACHE_DIR).glob("replay-*.json"))
    assert len(replays) == 1  # the printed report, for the same command line (replay.py)
    left = {p.name for p in (root / CACHE_DIR).iterdir()} - {".gitignore", "CACHEDIR.TAG"}
    # No temporary file left behind: only entries (lint, replay.py, note_cache.py,
    # data/answers.py), one of each.
    assert all(re.fullmatch(r"(lint|replay|notes|data)-[0-9a-f]+\.json", n) for n in left), left
    assert len(left) == len({n.split("-")[0] for n in left})


def test_a_run_that_races_an_edit_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(lint_cache, "RACY_NS", int(RACY_SECONDS * 1e9))
    root = example(tmp_path)
    note = root / P01
    wait_out_the_window()
    # Rewritten with its old mtime kept (cp -p, rsync -a, tar): only the ctime is recent.
    before = note.stat()
    note.write_text(note.read_text())
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    cached(root)
    assert not _entries(root)
    wait_out_the_window()
    cached(root)
    assert _entries(root)  # once the window has passed, the run is remembered
    shutil.rmtree(root / CACHE_DIR)
    note.write_text(note.read_text())  # an ordinary edit, just now
    cached(root)
    assert not _entries(root)
    assert not isinstance(cached(root), CachedLintResult)


def test_data_in_a_database_is_never_cached(tmp_path: Path):
    root = example(tmp_path)
    replace(root / "personakit.yaml", "engine: duckdb", "engine: postgres")
    settle(root)
    only_claims = RuleSelection(select=("PK101",))  # no rule that asks the database
    for _ in range(2):
        result = lint(root, [], today=TODAY, cache=True, rules=only_claims)
        assert not isinstance(result, CachedLintResult)
    assert not _entries(root)


def test_a_hit_loads_no_model_no_rules_and_no_data_engine(tmp_path: Path):
    root = example(tmp_path)
    replace(root / P01, "something to look at", "something to peek at")  # a line to show
    settle(root)
    script = (
        "import sys, datetime, personakit.linter as l\n"
        f"r = l.lint({str(root)!r}, today=datetime.date(2026, 11, 24), cache=True)\n"
        "from personakit.report.output import lint_report\n"
        "assert 'PK103' in lint_report(r, 'text')\n"
        "print(type(r).__name__, sorted(m for m in ('pydantic', 'yaml', 'duckdb', 'sqlglot',"
        " 'personakit.model', 'personakit.rules', 'personakit.session') if m in sys.modules))\n"
    )
    run = [sys.executable, "-c", script]
    env = {**os.environ, "PERSONAKIT_NO_CACHE": ""}
    wait_out_the_window()
    cold = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.startswith("LintResult ['duckdb', 'personakit.model'")
    warm = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert warm.stdout == "CachedLintResult []\n"


def test_the_light_root_finder_looks_for_the_config_file():
    from personakit.model.config import CONFIG_NAME
    from personakit.model.documents import LOCK_NAME
    from personakit.workspace import root

    assert (root.CONFIG_NAME, root.LOCK_NAME) == (CONFIG_NAME, LOCK_NAME)


def test_personakit_s_own_code_changing_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A checkout whose rules were edited keeps its version number.
    from personakit import lint_cache

    root = example(tmp_path)
    cached(root)
    assert isinstance(cached(root), CachedLintResult)
    monkeypatch.setattr(lint_cache, "code_stamp", lambda: "edited")
    assert not isinstance(cached(root), CachedLintResult)


def test_an_edit_whose_mtime_is_set_back_by_hand_is_still_seen(tmp_path: Path):
    root = example(tmp_path)
    note = root / P01
    before = note.stat()
    cached(root)
    assert isinstance(cached(root), CachedLintResult)
    replace(note, "something to look at", "something to peek at")  # same size and inode
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))  # `touch -d` back
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert "PK103" in codes(cached(root))


def test_old_entries_of_a_kind_are_pruned(tmp_path: Path):
    from personakit.cache import KEEP, Cache

    root = tmp_path / "ws"
    root.mkdir()
    store = Cache(root)
    for day in range(KEEP + 5):
        assert store.write(f"lint-{day:04x}.json", {"day": day})
        os.utime(root / CACHE_DIR / f"lint-{day:04x}.json", ns=(day * 10**9, day * 10**9))
    store.write("notes-ffff.json", {})
    (root / CACHE_DIR / "lint-keep-me.txt").write_text("not an entry")
    store.write(f"lint-{KEEP + 5:04x}.json", {"day": "last"})
    names = sorted(p.name for p in (root / CACHE_DIR).glob("lint-*"))
    kept = sorted(f"lint-{d:04x}.json" for d in range(KEEP + 6))[-KEEP:]
    assert names == sorted([*kept, "lint-keep-me.txt"])  # the newest, and nothing else
    assert (root / CACHE_DIR / "notes-ffff.json").exists()  # other kinds untouched
    assert store.read(f"lint-{KEEP + 5:04x}.json") == {"day": "last"}
