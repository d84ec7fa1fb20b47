"""The optional extras: engines and the browser are asked for, not pulled by every test run.

`personakit[test]` runs the suite; `[postgres]`, `[spark]` and `[browser]` add the
drivers their tests need, and `[ci]` is all of them. Without a driver, its tests skip
and say which extra to install; none errors at import.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from tests.test_cli import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS: dict[str, list[str]] = PYPROJECT["project"]["optional-dependencies"]
OPTIONAL = {"postgres": "psycopg", "spark": "pyspark", "browser": "playwright"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_test_extra_pulls_no_engine_or_browser():
    names = {_name(r) for r in EXTRAS["test"]}
    assert not names & {"pyspark", "psycopg", "playwright", "axe-playwright-python"}
    for extra, package in OPTIONAL.items():
        assert package in {_name(r) for r in EXTRAS[extra]}, extra


def test_the_ci_extra_is_every_extra_but_the_benchmarks():
    (ci,) = EXTRAS["ci"]
    assert ci == "personakit[test,postgres,spark,browser]"
    assert set(ci[ci.index("[") + 1 : -1].split(",")) == set(EXTRAS) - {"ci", "bench"}


def test_every_requirement_is_bounded_and_pinned_for_ci():
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    needed = list(PYPROJECT["project"]["dependencies"])
    needed += [r for extra in ("test", "postgres", "spark", "browser") for r in EXTRAS[extra]]
    for requirement in needed:
        assert ">=" in requirement and "<" in requirement, requirement
        assert _name(requirement) in pinned, f"{requirement} is not in constraints.txt"
    for requirement in EXTRAS["bench"]:
        assert ">=" in requirement and "<" in requirement, requirement


BLOCK = (
    "import sys\n"
    "for name in {names!r}: sys.modules[name] = None  # as if not installed\n"
    "import pytest\n"
    "sys.exit(pytest.main({args!r}))\n"
)


def test_without_the_optional_packages_their_tests_skip_saying_which_extra():
    names = ["pyspark", "pyspark.sql", "psycopg", "playwright", "playwright.sync_api"]
    names += ["axe_playwright_python", "axe_playwright_python.sync_playwright"]
    args = ["-q", "-rs", "-p", "no:cacheprovider", "tests/test_browser.py"]
    args += ["tests/test_engines.py", "-k", "postgres or database or spark_gives or spark_refuses"]
    args += [
        "tests/test_hostile_data.py::test_an_unreachable_database_is_one_line_naming_the_segment"
    ]
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK.format(names=names, args=args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode in (0, 5), proc.stdout + proc.stderr  # 5: nothing left to run
    assert "error" not in proc.stdout.lower().split("short test summary")[0], proc.stdout
    for extra in ("personakit[postgres]", "personakit[spark]", "personakit[browser]"):
        assert f"not installed: pip install {extra}" in proc.stdout, proc.stdout
