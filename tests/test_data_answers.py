"""Kept data answers (data/answers.py): a lint whose data did not change imports no
data engine, and says exactly what a run without the cache says; a changed data file,
segment or count is asked of the engine again.

Runs go through the note and data caches only (`notes_cache=True`), never the
whole-run replay, so that every rule really runs on each of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.cache import CACHE_DIR
from personakit.linter import lint
from tests.conftest import read_entry, write_entry
from tests.test_lint_cache import TODAY, example, reports

ECONOMIC_BUYER = Path("personas/economic-buyer.yaml")


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE", raising=False)


def kept(root: Path) -> list[str]:
    return reports(lint(root, today=TODAY, notes_cache=True))


def fresh(root: Path) -> list[str]:
    return reports(lint(root, today=TODAY))


def entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("data-*.json"))


def engine_imported(root: Path) -> tuple[list[str], bool]:
    """A lint through the caches in a fresh process: its text report, and whether the
    data engine or sqlglot was imported."""
    script = f"""
import datetime, sys
from personakit.linter import lint
from personakit.report.output import lint_report
result = lint({str(root)!r}, today=datetime.date(2026, 11, 24), notes_cache=True)
print(lint_report(result, "text"), end="")
print("ENGINE", "duckdb" in sys.modules or "sqlglot" in sys.modules)
"""
    env = {k: v for k, v in os.environ.items() if k != "PERSONAKIT_NO_CACHE"}
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    report, _, flag = run.stdout.rpartition("ENGINE ")
    return [report], flag.strip() == "True"


def test_an_unchanged_data_question_imports_no_engine(tmp_path: Path):
    root = example(tmp_path)
    first, imported = engine_imported(root)
    assert imported and len(entries(root)) == 1
    # An edit that changes no data question: the claims' wording.
    with (root / ECONOMIC_BUYER).open("a", encoding="utf-8") as handle:
        handle.write("# reviewed\n")
    again, imported = engine_imported(root)
    assert not imported
    assert again == first
    assert kept(root) == fresh(root)


def test_a_changed_data_file_is_asked_again(tmp_path: Path):
    root = example(tmp_path)
    kept(root)
    users = root / "data" / "users.csv"
    assert users.exists()
    lines = users.read_text(encoding="utf-8").splitlines(keepends=True)
    users.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    expected = fresh(root)
    assert kept(root) == expected
    assert any("PK403" in r for r in expected)  # the counts drifted with the data


def test_a_changed_segment_is_asked_again(tmp_path: Path):
    root = example(tmp_path)
    kept(root)
    persona = root / ECONOMIC_BUYER
    text = persona.read_text(encoding="utf-8")
    assert "users.nps: {max: 6}" in text
    persona.write_text(text.replace("users.nps: {max: 6}", "users.nps: {max: 9}"), encoding="utf-8")
    expected = fresh(root)
    assert kept(root) == expected
    assert any("PK403" in r for r in expected)


def test_answers_of_the_wrong_shape_are_asked_again(tmp_path: Path):
    root = example(tmp_path)
    expected = kept(root)
    (entry,) = entries(root)
    data = read_entry(entry)
    data["data"]["answers"] = {k: ["x", {}, 3] for k in data["data"]["answers"]}
    write_entry(entry, data)
    assert kept(root) == expected


def test_data_in_a_database_is_never_kept(tmp_path: Path):
    from personakit.data.answers import cacheable
    from personakit.workspace import load_workspace

    root = example(tmp_path)
    assert cacheable(load_workspace(root))
    config = root / "personakit.yaml"
    text = config.read_text()
    assert "path: data/users.csv" in text
    config.write_text(text.replace("path: data/users.csv", "table: users"))
    assert not cacheable(load_workspace(root))  # a table in the engine
    config.write_text(text.replace("engine: duckdb", "engine: postgres"))
    assert not cacheable(load_workspace(root))


def test_a_mistake_in_the_config_is_not_kept_with_its_line(tmp_path: Path):
    """A table whose file is missing is named at its line of the config; a line added
    above it moves that line, and the kept answer would have named the old one."""
    root = example(tmp_path)
    config = root / "personakit.yaml"
    text = config.read_text().replace("path: data/accounts.csv", "path: data/accounts-missing.csv")
    config.write_text(text)
    first = kept(root)
    assert "accounts-missing.csv" in first[0]
    config.write_text("# a comment line\n" + text)
    assert kept(root) == fresh(root)
