"""How `--help` reads: a placeholder that says what to type (`--as-of DATE`, `PERSONA`)
instead of a Python type (`<str>`, `<list[str]>`), and an "Examples:" section under
every command, taken from `cli.examples`.

Typer prints an argument's Python type beside its name, and an option's type when no
metavar is declared. Every command is built with the classes here, which give each
option without a metavar its upper-cased name (choices stay listed, `<text|json>`),
print arguments by name only, and write the usage line the way other tools do
(`PERSONA`, `[PATH]...`).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .examples import EXAMPLES

# Typer's parameter, context and help formatter are classes of the click it carries in a
# private module, which personakit does not import: they go untyped here.
Parameter = Any
Context = Any
Formatter = Any


def _choices(param: TyperOption) -> list[str] | None:
    """The values an option takes when it is a choice, else None."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice or descriptor.choices is None:
        return None
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices]


def _placeholder(param: Parameter) -> str | None:
    """The metavar `param` is shown with when it declares none (None for flags)."""
    if isinstance(param, TyperArgument):
        return (param.name or "value").upper()
    if not isinstance(param, TyperOption) or param.is_flag or param.count:
        return None
    choices = _choices(param)
    if choices is not None:
        return "<" + "|".join(choices) + ">"
    longest = max(param.opts, key=len)
    return longest.lstrip("-").replace("-", "_").upper()


def _tidy(params: list[Parameter]) -> None:
    for param in params:
        if param.metavar is None:
            param.metavar = _placeholder(param)


def _argument_name(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    return name + ("..." if param.nargs != 1 else "")


def _usage_piece(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    shown = name if param.required else f"[{name}]"
    return shown + ("..." if param.nargs != 1 else "")


def _command_path(ctx: Context) -> tuple[str, ...]:
    """The command's words after the program's name: `("new", "persona")`."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


class _PlainHelp:
    """What the command and group classes below share."""

    params: list[Parameter]

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        """`[OPTIONS] PERSONA [PATH]...`: arguments by name, bracketed when optional."""
        pieces: list[str] = [getattr(self, "options_metavar", None) or "[OPTIONS]"]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, TyperArgument):
                pieces.append(_usage_piece(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Context, formatter: Formatter) -> None:
        """Arguments by name and what they are; options with their placeholders."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)

    def format_epilog(self, ctx: Context, formatter: Formatter) -> None:
        """The command's examples, one command line and what it does per row."""
        examples = EXAMPLES.get(_command_path(ctx))
        if not examples:
            return
        with formatter.section("Examples"):
            formatter.write_dl(list(examples))


class HelpCommand(_PlainHelp, TyperCommand):
    """A Typer command whose help shows placeholders, not Python types, and examples."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self.params)


class HelpGroup(_PlainHelp, TyperGroup):
    """A Typer group (the root, `new`) with the same help as `HelpCommand`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self.params)

    def format_options(self, ctx: Context, formatter: Formatter) -> None:
        """The group's own options, then its commands."""
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        """`[OPTIONS] COMMAND [ARGS]...`."""
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]
