"""`personakit new job`: the persona file changes by exactly the added lines."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.scaffold import add_job, init_workspace
from personakit.workspace.loader import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "new-job"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root)
    shutil.copy(FIXTURES / "odd.yaml", root / "personas" / "odd.yaml")
    return root


def _added_lines(before: str, after: str) -> list[str]:
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert not [line for line in diff if line.startswith("- ")], "a line was changed or removed"
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_job_added_to_an_odd_file_changes_nothing_else(workspace, golden):
    path = workspace / "personas" / "odd.yaml"
    before = path.read_text()
    add_job(workspace, "odd", "the renewal is due", "to show: real usage", "I can keep the budget")
    after = path.read_text()
    assert _added_lines(before, after) == [
        "    -   id: to-show-real-usage\n",
        "        when: the renewal is due\n",
        "        want: 'to show: real usage'\n",
        "        so: I can keep the budget\n",
    ]
    golden("new-job/odd.yaml", after)
    jobs = parse_yaml(after).data["jobs"]
    assert jobs[-1] == {
        "id": "to-show-real-usage",
        "when": "the renewal is due",
        "want": "to show: real usage",
        "so": "I can keep the budget",
    }


def test_job_added_where_there_was_no_jobs_key(workspace):
    path = workspace / "personas" / "admin.yaml"
    before = path.read_text()
    add_job(
        workspace,
        "admin",
        "a demo is booked",
        "to connect first",
        "the demo has data",
        "connect-first",
    )
    assert _added_lines(before, path.read_text()) == [
        "jobs:\n",
        "  - id: connect-first\n",
        "    when: a demo is booked\n",
        "    want: to connect first\n",
        "    so: the demo has data\n",
        "\n",
    ]
    # it lands before the first claim section, in the order fmt gives a card
    assert path.read_text().index("jobs:") < path.read_text().index("anxieties:")


def test_empty_flow_jobs_is_replaced_by_a_block(workspace):
    path = workspace / "personas" / "flow.yaml"
    path.write_text("name: F\nrole: R\npriority: primary\njobs: []  # none yet\n")
    add_job(workspace, "flow", "w", "x", "y", "j1")
    assert path.read_text() == (
        "name: F\nrole: R\npriority: primary\njobs:  # none yet\n"
        "  - id: j1\n    when: w\n    want: x\n    so: y\n"
    )


def test_refusals_leave_the_file_untouched(workspace):
    path = workspace / "personas" / "odd.yaml"
    before = path.read_text()
    with pytest.raises(WorkspaceError, match="already has a claim with id 'connect-before-demo'"):
        add_job(workspace, "odd", "a", "b", "c", "connect-before-demo")
    with pytest.raises(WorkspaceError, match="not a valid id"):
        add_job(workspace, "odd", "a", "b", "c", "Not_An_Id")
    path.write_text(
        before.replace("jobs:\n", "jobs: [{id: x, when: a, want: b, so: c}]\nold:\n", 1)
    )
    flowed = path.read_text()
    with pytest.raises(WorkspaceError, match="not a block list"):
        add_job(workspace, "odd", "a", "b", "c")
    assert path.read_text() == flowed
    assert not list(path.parent.glob(".*.tmp"))


def test_the_new_job_is_not_evidence(workspace):
    from tests.conftest import found, run_lint

    add_job(workspace, "admin", "a demo is booked", "to connect first", "the demo has data")
    assert found(run_lint(workspace), "PK101") == [("personas/admin.yaml", 9, "PK101")]
