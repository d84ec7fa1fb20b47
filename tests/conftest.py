"""Workspace-building fixtures: small workspaces written to tmp_path from literal strings."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from personakit import lint
from personakit.linter import LintResult

TODAY = dt.date(2026, 11, 24)

BASE_FILES: dict[str, str] = {
    "personakit.yaml": """\
        title: Test workspace
        """,
    "journeys/onboarding.yaml": """\
        title: Onboarding
        steps:
          - {id: signup, title: Signs up}
          - {id: integration, title: Connects the integration}
        """,
    "interviews/a.md": """\
        ---
        id: a
        date: 2026-10-01
        kind: interview
        participant: P01
        role: ops-admin
        ---
        # Interview A

        > IT had to approve the scopes, so we waited
        > until Thursday. #stalled ^q1
        """,
    "interviews/b.md": """\
        ---
        id: b
        date: 2026-10-02
        kind: support-ticket
        participant: P02
        role: ops-admin
        ---
        # Ticket B

        > Blocked for three days waiting on IT. #stalled ^q1
        """,
    "personas/admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, b#q1]
            count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}
        """,
    "decisions/split.md": """\
        ---
        date: 2026-11-01
        status: accepted
        personas: [admin]
        rests_on: [admin#integration-stall]
        ---
        # Split onboarding
        """,
}

WorkspaceFactory = Callable[..., Path]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests are hermetic: no run reuses another's cache (nor writes one into the
    repository, whose example workspace many tests render). Cache tests lift this."""
    monkeypatch.setenv("PERSONAKIT_NO_CACHE", "1")


@pytest.fixture
def make_workspace(tmp_path: Path) -> WorkspaceFactory:
    """Write the valid base workspace, with `files` overriding (None deletes) its files."""

    def build(files: dict[str, str | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "ws"
        merged: dict[str, str | None] = dict(BASE_FILES) if base else {}
        merged.update(files or {})
        for rel, text in merged.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return build


def run_lint(root: Path, *paths: str, strict: bool = False) -> LintResult:
    return lint(root, list(paths), strict=strict, today=TODAY)


def found(result: LintResult, code: str | None = None) -> list[tuple[str, int, str]]:
    """(path, line, code) of each finding, optionally only those of one rule."""
    return [(f.path, f.line, f.code) for f in result.findings if code is None or f.code == code]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; `--update-golden` rewrites it instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden"
        assert actual == path.read_text(encoding="utf-8")

    return check


def first(result: LintResult, code: str):
    """The first finding of one rule."""
    return next(f for f in result.findings if f.code == code)


def read_entry(path: Path) -> dict:
    """A cache entry's JSON ({"version": ..., "data": ...}), below its header line."""
    return json.loads(path.read_text(encoding="utf-8").partition("\n")[2])


def write_entry(path: Path, entry: object) -> None:
    """Write `entry` as personakit would (signed), so that a test's edit is read as
    the entry's content rather than refused as damage."""
    from personakit.cache import sign

    path.write_text(sign(json.dumps(entry)), encoding="utf-8")


# The example workspace's sources in the repository (what a copy of it needs).
EXAMPLE_SOURCES = (
    "personakit.yaml",
    "personas",
    "interviews",
    "journeys",
    "decisions",
    "data",
    "sources",
    "segments",
    "personakit.lock",
)


def example_copy(root: Path) -> Path:
    """A copy of the repository's example workspace's sources at `root`."""
    import shutil

    repo = Path(__file__).resolve().parents[1]
    root.mkdir()
    for name in EXAMPLE_SOURCES:
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.exists():
            shutil.copy(src, root / name)
    return root


def to_full_disk(
    args: list[str], cwd: Path, *, cache: bool = True
) -> subprocess.CompletedProcess[str]:
    """`personakit ARGS > /dev/full` in `cwd` (every write to standard output fails with
    ENOSPC), through the cache or with PERSONAKIT_NO_CACHE=1; the completed process."""
    env = {k: v for k, v in os.environ.items() if k != "PERSONAKIT_NO_CACHE"}
    if not cache:
        env["PERSONAKIT_NO_CACHE"] = "1"
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "personakit", *args],
            cwd=cwd,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
