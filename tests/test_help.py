"""Every command's `--help`: placeholders that say what to type rather than Python types,
brackets shown as written, every option and argument described, and examples."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from personakit.cli import app
from personakit.cli.examples import EXAMPLES


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group under `command`, as the words that reach it."""
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _paths(sub, (*path, name))
    return found


ROOT = get_command(app)
PATHS = _paths(ROOT)


def _command(path: tuple[str, ...]) -> Any:
    command = ROOT
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_walked():
    assert ("lint",) in PATHS and ("new", "job") in PATHS and () in PATHS
    assert len(PATHS) >= 20


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "personakit")
def test_help_shows_no_python_types(path):
    text = _help(path)
    for python_type in ("<bool>", "<list[", "<str>", "<int>", "<int range>", "<path>", "<float>"):
        assert python_type not in text, (path, python_type)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "personakit")
def test_every_option_and_argument_is_described(path):
    command = _command(path)
    for param in command.params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        assert (getattr(param, "help", None) or "").strip(), (path, param.name)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "personakit")
def test_every_help_ends_with_examples(path):
    text = _help(path)
    assert "\nExamples:\n" in text, path
    examples = text.split("\nExamples:\n", 1)[1]
    assert re.search(r"^  personakit\b", examples, re.M), path
    for line, _what in EXAMPLES[path]:
        # Every example runs the command it sits under.
        assert line.startswith(" ".join(("personakit", *path))), line


def test_placeholders_say_what_to_type():
    assert "--as-of DATE" in _help(("lint",))
    assert "--changed-since REF" in _help(("lint",))
    assert "[PATH]..." in _help(("lint",))
    assert "Usage: personakit show [OPTIONS] PERSONA\n" in _help(("show",))
    top = _help(("top",))
    assert "--among PERSONA" in top and "--where CONDITION" in top and "--limit N" in top
    assert "--root DIR" in _help(())


def test_brackets_in_help_are_shown_as_written():
    # `[situation]` would be swallowed as a style by Rich markup.
    text = _help(("new", "job"))
    assert "When [situation]" in text and "[outcome]" in text
