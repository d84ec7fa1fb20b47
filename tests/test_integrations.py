"""The pre-commit hooks, the GitHub Action and the CI examples in the docs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_cli import REPO
from tests.test_defects import DEFECTS

BIN = Path(sys.executable).parent


def _run(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def test_hook_manifest_is_valid():
    proc = _run(str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    files = re.compile(hooks["personakit-lint"]["files"])
    assert files.search("research/personas/ops-admin.yaml")
    assert files.search("interviews/2026/p03.md") and files.search("personakit.lock")
    assert not files.search("README.md") and not files.search("site/personas/x.html")


def test_action_and_ci_examples_validate_against_their_schemas(tmp_path: Path):
    check = str(BIN / "check-jsonschema")
    proc = _run(check, "--builtin-schema", "vendor.github-actions", "action.yml")
    assert proc.returncode == 0, proc.stdout
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO / "docs" / "ci.md").read_text(), re.S)
    workflows = [b for b in blocks if b.startswith("name: ")]
    gitlab = [b for b in blocks if b.startswith("personas:")]
    assert len(workflows) == 2 and len(gitlab) == 1
    for i, block in enumerate(workflows):
        path = tmp_path / f"workflow{i}.yml"
        path.write_text(block)
        proc = _run(check, "--builtin-schema", "vendor.github-workflows", str(path))
        assert proc.returncode == 0, proc.stdout
    path = tmp_path / "gitlab-ci.yml"
    path.write_text(gitlab[0])
    proc = _run(check, "--builtin-schema", "vendor.gitlab-ci", str(path))
    assert proc.returncode == 0, proc.stdout


@pytest.fixture
def repo_with_workspace_in_a_folder(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(DEFECTS, repo / "research")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.email=dev@personakit.invalid",
            "-c",
            "user.name=Dev",
            "commit",
            "-q",
            "-m",
            "base",
        ],
        cwd=repo,
        check=True,
    )
    return repo


def test_pre_commit_try_repo_runs_the_hook_on_a_subset(
    repo_with_workspace_in_a_folder: Path, tmp_path: Path
):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    proc = _run(
        str(BIN / "pre-commit"),
        "try-repo",
        str(REPO),
        "personakit-lint",
        "--files",
        "research/personas/defects.yaml",
        cwd=repo_with_workspace_in_a_folder,
        env=env,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    # found the workspace in research/, resolved citations into notes it was not given...
    assert "personas/defects.yaml:12:14: error PK102 unknown-quote" in out
    assert "personas/defects.yaml:20:12: error PK104 count-mismatch" in out
    # ...and reported on the one file passed
    assert "in 1 file." in out
    assert not [line for line in out.splitlines() if line.startswith("interviews/")]
