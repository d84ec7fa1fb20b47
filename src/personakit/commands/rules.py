"""`personakit rules [CODE]`: the rule catalogue, from the rule modules themselves."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import WorkspaceError


def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name, e.g. PK104.")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the rule reference page (docs/rules.md).")
    ] = False,
) -> int:
    """List the lint rules, or explain one."""
    from ..rules import RULES, resolve_rule, rule_hint
    from ..rules.docs import explain, reference_page

    if markdown:
        sys.stdout.write(reference_page())
        return 0
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
