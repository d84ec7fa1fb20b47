"""The README's quick start and CI run the same commands."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    install_and_lint, install_and_test = _commands()
    assert "personakit lint" in install_and_lint
    assert install_and_lint.index("personakit lint") < install_and_lint.index("personakit render")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()
