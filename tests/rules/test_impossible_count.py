import pytest

from tests.conftest import found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
success:
  - text: Has real data first
    quotes: [a#q1, b#q1]
    count: {count}
"""


@pytest.mark.parametrize(
    "count",
    ["{n: 3, of: 2, tag: stalled}", "{n: -1, of: 2, tag: stalled}", "{n: 0, of: 0, tag: x}"],
)
def test_impossible_counts(make_workspace, count):
    result = run_lint(make_workspace({"personas/admin.yaml": PERSONA.format(count=count)}))
    assert found(result, "PK105") == [("personas/admin.yaml", 7, "PK105")]
    assert found(result, "PK104") == []  # an impossible count is not also "mismatched"


def test_quiet_on_possible_count(make_workspace):
    root = make_workspace(
        {"personas/admin.yaml": PERSONA.format(count="{n: 2, of: 2, tag: stalled}")}
    )
    assert found(run_lint(root), "PK105") == []
