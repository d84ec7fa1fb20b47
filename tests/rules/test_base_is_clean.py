"""The base workspace every rule test starts from is itself clean."""

from tests.conftest import found, run_lint


def test_base_workspace_has_no_findings(make_workspace):
    result = run_lint(make_workspace())
    assert found(result) == []
    assert result.exit_code == 0
    assert result.files == 6
