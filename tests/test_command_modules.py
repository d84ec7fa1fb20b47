"""The command line's wiring: one module per command under `commands/`, each declaring
its one Typer command; `cli/` only registers them; choices are Enums that mirror the
library's own lists."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from typer.models import ParameterInfo
from typer.testing import CliRunner

import personakit.cli as cli
import personakit.commands as commands
from personakit.cli import app

SRC = Path(cli.__file__).resolve().parent.parent
# Modules of `commands/` that help the commands and declare none.
HELPERS = {
    "personakit.commands",
    "personakit.commands.options",
    "personakit.commands.asking",
    "personakit.commands.data_support",
    "personakit.commands.new",
    "personakit.commands.new.support",
    "personakit.commands.imports",
}

# The command groups: the package under `commands/`, its subcommands, its word.
GROUPS = {"new": cli.NEW_SUBCOMMANDS, "imports": cli.IMPORT_SUBCOMMANDS}


def _modules() -> list[ModuleType]:
    found = [commands]
    for info in pkgutil.walk_packages(commands.__path__, "personakit.commands."):
        found.append(importlib.import_module(info.name))
    return found


def _declares_options(function: Callable[..., Any]) -> bool:
    """Whether `function`'s parameters are Typer options or arguments."""
    hints = typing.get_type_hints(function, include_extras=True)
    for name, parameter in inspect.signature(function).parameters.items():
        if isinstance(parameter.default, ParameterInfo):
            return True
        metadata = getattr(hints.get(name), "__metadata__", ())
        if any(isinstance(item, ParameterInfo) for item in metadata):
            return True
    return False


def _declared_commands(module: ModuleType) -> list[str]:
    return [
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and _declares_options(value)
    ]


def test_every_command_module_declares_exactly_one_command_named_like_it():
    modules = _modules()
    command_modules = [m for m in modules if m.__name__ not in HELPERS]
    assert len(command_modules) == len(cli.COMMANDS) + sum(len(g) for g in GROUPS.values())
    for module in command_modules:
        short = module.__name__.rsplit(".", 1)[1]
        assert _declared_commands(module) == [short], module.__name__
    for name in HELPERS:
        assert _declared_commands(importlib.import_module(name)) == [], name


@pytest.mark.parametrize("package", sorted(GROUPS))
def test_each_group_declares_no_command_itself(package):
    group = importlib.import_module(f"personakit.commands.{package}")
    groups = [v for v in vars(group).values() if isinstance(v, typer.Typer)]
    assert groups == [group.group]
    children = {m.name for m in pkgutil.iter_modules(group.__path__)} - {"support"}
    assert children == set(GROUPS[package])


def test_the_cli_registers_every_command_module_and_nothing_else():
    top = {m.name for m in pkgutil.iter_modules(commands.__path__)} - {
        name.rsplit(".", 1)[1] for name in HELPERS
    }
    assert top == set(cli.COMMANDS)
    built = typer.main.get_command(app)
    assert list(built.commands) == [*cli.COMMANDS, "new", "import"]
    assert list(built.commands["new"].commands) == list(cli.NEW_SUBCOMMANDS)
    assert list(built.commands["import"].commands) == list(cli.IMPORT_SUBCOMMANDS)


def test_cli_declares_no_command_and_holds_no_command_logic():
    """Only the app's callback (the global --root, --version, --debug) takes options in
    cli/; nothing there is decorated as a command or imports the library at the top."""
    for path in sorted((SRC / "personakit" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    text = ast.unparse(decorator)
                    assert ".command" not in text, (path.name, node.name, text)
                options = "typer.Option" in ast.unparse(node.args) or "Argument(" in ast.unparse(
                    node.args
                )
                assert not options or node.name == "_main", (path.name, node.name)
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("BadParameter"):
                pytest.fail(f"{path.name}: choices and dates are validated by Typer, not by hand")


def test_no_hand_validation_of_choices_in_commands():
    """`--format` and the other choices are Enums: nothing compares them by hand or
    raises BadParameter, except the one date option parser."""
    for path in sorted((SRC / "personakit" / "commands").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "is not one of" not in text, path
        if path.name != "options.py":
            assert "BadParameter" not in text, path


def _values(enum: type[Enum]) -> list[str]:
    return [member.value for member in enum]


def test_choice_enums_mirror_the_library():
    from personakit import model
    from personakit.commands.diff import DiffFormat
    from personakit.commands.lint import LintFormat
    from personakit.commands.new.decision import DecisionStatus
    from personakit.commands.new.interview import Consent, NoteKind
    from personakit.commands.new.persona import BuyingInfluence, Priority
    from personakit.commands.render import RenderFormat
    from personakit.commands.segment import Dialect
    from personakit.commands.tags import TagsFormat
    from personakit.data.service import DIALECTS
    from personakit.render import FORMATS as RENDER_FORMATS
    from personakit.report import FORMATS as REPORT_FORMATS

    assert _values(LintFormat) == list(REPORT_FORMATS)
    assert _values(RenderFormat) == list(RENDER_FORMATS)
    assert _values(Dialect) == list(DIALECTS)
    assert _values(Priority) == _values(model.Priority)
    assert _values(BuyingInfluence) == _values(model.BuyingInfluence)
    assert _values(NoteKind) == _values(model.NoteKind)
    assert _values(Consent) == _values(model.Consent)
    assert _values(DecisionStatus) == _values(model.DecisionStatus)
    assert _values(DiffFormat) == ["md", "json"]
    assert _values(TagsFormat) == ["table", "json"]
    from personakit.commands.imports.transcript import InputFormat
    from personakit.intake.transcripts import TranscriptFormat

    assert _values(InputFormat) == _values(TranscriptFormat)


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["lint"], "<text|json|github|sarif|junit>"),
        (["render"], "<html|md>"),
        (["segment"], "<duckdb|postgres|spark|trino|bigquery|snowflake>"),
        (["top"], "<table|csv|json>"),
        (["diff"], "<md|json>"),
        (["tags"], "<table|json>"),
        (["new", "persona"], "<primary|secondary|not-targeted>"),
        (["new", "decision"], "<proposed|accepted|superseded|rejected>"),
    ],
)
def test_help_lists_the_choices(args, choices):
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert choices in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--format", "xml"],
        ["render", "--format", "pdf"],
        ["segment", "p", "--format", "xml"],
        ["top", "a.b", "--format", "x"],
        ["diff", "--format", "x"],
        ["tags", "--format", "x"],
        ["segment", "p", "--sql", "--dialect", "oracle"],
        ["new", "interview", "--kind", "chat", "--no-input"],
        ["import", "transcript", "x.vtt", "--format", "docx"],
        ["snapshot", "--as-of", "2026-02-30"],
    ],
)
def test_a_bad_choice_or_date_is_one_line_exit_2_before_any_work(args, tmp_path):
    # No workspace at all: the option parser refuses before the command looks for one.
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("personakit: error: Invalid value for '--")
    assert "Traceback" not in proc.stderr


def _command_modules_loaded(*argv: str) -> set[str]:
    """The modules of `personakit.commands` a real run of `personakit ARGV` imported."""
    code = (
        "import sys\n"
        "import personakit.cli as cli\n"
        f"sys.argv = ['personakit', *{list(argv)!r}]\n"
        "def done(code):\n"
        "    names = sorted(m for m in sys.modules if m.startswith('personakit.commands.'))\n"
        "    sys.stdout.flush()\n"
        "    print('LOADED', *names, file=sys.stderr)\n"
        "    raise SystemExit(code)\n"
        "cli._exit = done\n"
        "cli.main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=SRC
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("LOADED"))
    helpers = {name for name in HELPERS if name != "personakit.commands"}
    return set(line.split()[1:]) - helpers


def test_a_command_line_builds_only_the_command_it_names():
    assert _command_modules_loaded("rules", "--format", "json") == {"personakit.commands.rules"}
    assert _command_modules_loaded("--root", "lint", "rules", "PK101") == {
        "personakit.commands.rules"
    }  # `lint` is --root's value here
    assert _command_modules_loaded("new", "persona", "--help") == {
        f"personakit.commands.new.{name}" for name in cli.NEW_SUBCOMMANDS
    }


def test_help_and_a_typo_build_every_command():
    everything = {f"personakit.commands.{name}" for name in cli.COMMANDS}
    assert everything <= _command_modules_loaded("--help")
    assert everything <= _command_modules_loaded("lnt")
