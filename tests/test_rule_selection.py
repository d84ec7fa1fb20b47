"""Which rules run: --select / --extend-select / --ignore and the config's `lint:` block."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from personakit import lint
from personakit.cli import app
from personakit.errors import WorkspaceError
from personakit.rule_selection import RuleSelection, enabled_codes, matches
from personakit.rules import RULES
from tests.test_lint_options import FLAWED

UNREADABLE = {"PK001"}  # kept by a select

PK1 = {code for code in RULES if code.startswith("PK1")}


def codes(*layers: RuleSelection) -> set[str]:
    return set(enabled_codes(layers))


def test_every_rule_runs_by_default():
    assert codes() == set(RULES)
    assert codes(RuleSelection()) == set(RULES)


def test_selectors_are_codes_prefixes_names_or_all():
    assert matches("PK107") == ["PK107"]
    assert matches("pk107") == ["PK107"]
    assert matches("single-voice") == ["PK107"]
    assert set(matches("PK1")) == PK1
    assert matches("ALL") == list(RULES)
    assert matches("PK9") == []
    assert matches("") == []


def test_select_replaces_ignore_removes_extend_select_adds():
    # A select keeps PK001 (parse-error) unless an ignore names it: see below.
    assert codes(RuleSelection(select=("PK1",))) == PK1 | UNREADABLE
    assert codes(RuleSelection(select=("PK1",), ignore=("PK107",))) == (
        PK1 - {"PK107"} | UNREADABLE
    )
    assert codes(RuleSelection(select=("PK101",), extend_select=("PK2",))) == {
        "PK101",
        "PK001",
    } | {c for c in RULES if c.startswith("PK2")}
    assert codes(RuleSelection(select=("PK1",), ignore=("parse-error",))) == PK1
    assert codes(RuleSelection(ignore=("PK1",))) == set(RULES) - PK1


def test_the_more_specific_selector_wins_within_a_layer():
    # ignore a family but keep one of it, and the other way round
    assert codes(RuleSelection(ignore=("PK1",), extend_select=("PK107",))) == (set(RULES) - PK1) | {
        "PK107"
    }
    assert codes(RuleSelection(select=("PK107",), ignore=("PK1",))) == {"PK107"} | UNREADABLE
    # same specificity: ignore wins
    assert codes(RuleSelection(select=("PK107",), ignore=("single-voice",))) == UNREADABLE


def test_a_later_select_overrides_an_earlier_layer_whole():
    config = RuleSelection(select=("PK1",), ignore=("PK101",))
    assert codes(config, RuleSelection(select=("PK101",))) == {"PK101"} | UNREADABLE
    assert codes(config, RuleSelection(ignore=("PK104",))) == PK1 - {"PK101", "PK104"} | UNREADABLE
    assert codes(config, RuleSelection(extend_select=("PK101", "PK204"))) == (
        PK1 | {"PK204"} | UNREADABLE
    )


def test_command_line_values_repeat_or_take_commas():
    layer = RuleSelection.from_options(["PK101,PK104", " PK107 "], None, ["pii"])
    assert layer.select == ("PK101", "PK104", "PK107")
    assert layer.ignore == ("pii",)
    assert RuleSelection.from_options(None, None, None).select is None


def test_an_unknown_selector_on_the_command_line_names_its_option():
    with pytest.raises(WorkspaceError, match=r"--ignore PK9: no rule has this code"):
        RuleSelection.from_options(None, None, ["PK9"])


# The command line -----------------------------------------------------------------


def lint_codes(root, *args: str) -> tuple[int, set[str]]:
    result = CliRunner().invoke(
        app, ["--root", str(root), "lint", "--as-of", "2026-11-24", "--statistics", *args]
    )
    assert result.exit_code in (0, 1), result.output
    found = {
        line.split()[1]
        for line in result.stdout.splitlines()
        if line[:1].isdigit() and line.split()[1].startswith("PK")
    }
    return result.exit_code, found


@pytest.fixture
def flawed(make_workspace):
    return make_workspace(FLAWED)


def test_lint_without_selection_reports_every_rule(flawed):
    assert lint_codes(flawed) == (1, {"PK101", "PK104", "PK107", "PK204"})


def test_lint_select_ignore_extend_select(flawed):
    assert lint_codes(flawed, "--select", "PK101") == (1, {"PK101"})
    assert lint_codes(flawed, "--select", "PK1", "--ignore", "PK101,count-mismatch") == (
        0,
        {"PK107"},
    )
    assert lint_codes(flawed, "--ignore", "PK1") == (0, {"PK204"})
    assert lint_codes(flawed, "--select", "PK104", "--extend-select", "orphan-note") == (
        1,
        {"PK104", "PK204"},
    )


def test_a_file_that_cannot_be_read_is_reported_whatever_is_selected(flawed):
    # As ruff never drops a syntax error: a narrow selection must not call it clean.
    (flawed / "personas" / "broken.yaml").write_text("name: [unclosed\n")
    assert lint_codes(flawed, "--select", "PK104") == (1, {"PK001", "PK104"})
    proc = CliRunner().invoke(app, ["--root", str(flawed), "lint", "--select", "PK107"])
    assert "1 file could not be read" in proc.stdout and "All clear" not in proc.stdout
    assert lint_codes(flawed, "--select", "PK104", "--ignore", "PK001") == (1, {"PK104"})
    assert lint_codes(flawed, "--ignore", "PK0") == (1, {"PK101", "PK104", "PK107", "PK204"})


def test_lint_unknown_selector_is_a_one_line_usage_error(flawed):
    result = CliRunner().invoke(app, ["--root", str(flawed), "lint", "--select", "PK9"])
    assert result.exit_code == 2
    assert result.stderr == (
        "personakit: error: --select PK9: no rule has this code, prefix or name "
        "(see `personakit rules`)\n"
    )


# The config -----------------------------------------------------------------------

CONFIG = """\
    title: Test workspace
    lint:
      select: [PK1, orphan-note]
      ignore: [PK101]
    """


def test_config_selects_and_the_command_line_lays_over_it(make_workspace):
    root = make_workspace({**FLAWED, "personakit.yaml": CONFIG})
    assert lint_codes(root) == (1, {"PK104", "PK107", "PK204"})
    # --select replaces the config's selection whole, its ignore included
    assert lint_codes(root, "--select", "PK101") == (1, {"PK101"})
    assert lint_codes(root, "--ignore", "PK104") == (0, {"PK107", "PK204"})
    assert lint_codes(root, "--extend-select", "PK101") == (1, {"PK101", "PK104", "PK107", "PK204"})


def test_a_rule_that_is_off_stays_off_when_selected(make_workspace):
    config = "title: T\nrules: {PK101: off}\nlint: {select: [PK101, PK104]}\n"
    root = make_workspace({**FLAWED, "personakit.yaml": config})
    assert lint_codes(root) == (1, {"PK104"})
    assert lint_codes(root, "--select", "PK101") == (0, set())


def test_config_unknown_selector_is_an_error_at_its_line(make_workspace):
    config = "title: T\nlint:\n  select: [PK1]\n  ignore:\n    - PK107\n    - PK99\n"
    root = make_workspace({"personakit.yaml": config})
    result = CliRunner().invoke(app, ["--root", str(root), "lint"])
    assert result.exit_code == 2
    assert result.stderr.startswith("personakit: error: personakit.yaml:6: lint.ignore: 'PK99'")


def test_config_lint_block_is_validated(make_workspace):
    root = make_workspace({"personakit.yaml": "title: T\nlint: {select: PK1, fix: true}\n"})
    result = CliRunner().invoke(app, ["--root", str(root), "lint"])
    assert result.exit_code == 2
    assert result.stderr.startswith("personakit: error: personakit.yaml:2")


def test_the_library_takes_a_selection(make_workspace):
    root = make_workspace(FLAWED)
    result = lint(root, rules=RuleSelection(select=("PK2",)))
    assert {f.code for f in result.findings} == {"PK204"}


def test_render_does_not_call_a_count_checked_when_its_rule_is_deselected(make_workspace):
    # The base persona's count is right (2 of 2); a rendered page calls it verified only
    # if PK104 ran. With PK104 deselected in the config, nothing checked it.
    from personakit.render.figures import Figures
    from personakit.render.pages import build_site

    def count_verified(config: str) -> bool:
        root = make_workspace({"personakit.yaml": config})
        result = lint(root)
        site = build_site(result.session, result.findings, Figures(), ext="md")
        entry = result.session.workspace.personas["admin"].claims[0]
        return site.marks.count_check(entry, computed=True).verified

    assert count_verified("title: T\n") is True
    assert count_verified("title: T\nlint: {ignore: [PK104]}\n") is False


def test_a_misspelt_selector_gets_the_closest_rule(make_workspace):
    root = make_workspace()
    result = CliRunner().invoke(app, ["--root", str(root), "lint", "--select", "PK1O1"])
    assert result.exit_code == 2
    assert "did you mean 'PK101'?" in result.stderr
    (root / "personakit.yaml").write_text("title: T\nlint:\n  ignore: [single-voise]\n")
    result = CliRunner().invoke(app, ["--root", str(root), "lint"])
    assert result.exit_code == 2
    assert "personakit.yaml:3" in result.stderr
    assert "did you mean 'single-voice'?" in result.stderr
