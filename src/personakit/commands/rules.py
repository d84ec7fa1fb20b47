"""`personakit rules [CODE]`: the rule catalogue, from the rule modules themselves."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..errors import WorkspaceError
from .options import complete_rule


class RulesFormat(StrEnum):
    """`rules --format`: a listing for people, or JSON for scripts and editors."""

    text = "text"
    json = "json"


def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code or name, e.g. PK104.", autocompletion=complete_rule),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the rule reference page (docs/rules.md).")
    ] = False,
    output_format: Annotated[
        RulesFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, or json: every rule (or the one given) with its code, name, "
            "severity, summary, fixability, options and documentation.",
        ),
    ] = RulesFormat.text,
) -> int:
    """List the lint rules, or explain one."""
    from ..rules import RULES, resolve_rule, rule_hint
    from ..rules.docs import explain, reference_page

    if markdown:
        if output_format is RulesFormat.json:
            raise WorkspaceError("--markdown prints Markdown; leave out --format json")
        sys.stdout.write(reference_page())
        return 0
    if output_format is RulesFormat.json:
        return _json(code)
    if code is None:
        for rule in RULES.values():
            sys.stdout.write(
                f"{rule.CODE}  {rule.NAME:<22} {rule.SEVERITY.value:<8} {rule.SUMMARY}\n"
            )
        return 0
    chosen = resolve_rule(code)
    if chosen is None:
        raise WorkspaceError(f"no rule {code!r}{rule_hint(code)} (see `personakit rules`)")
    sys.stdout.write(explain(chosen))
    return 0


def _json(code: str | None) -> int:
    """The catalogue, or one rule, as JSON."""
    from ..report.json import dumps
    from ..rules import resolve_rule
    from ..rules.docs import catalogue, rule_info

    if code is None:
        sys.stdout.write(dumps(catalogue(), indent=2) + "\n")
        return 0
    chosen = resolve_rule(code)
    if chosen is None:
        raise WorkspaceError(f"no rule {code!r} (see `personakit rules`)")
    sys.stdout.write(dumps(rule_info(chosen), indent=2) + "\n")
    return 0
