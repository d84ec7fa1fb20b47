"""`personakit rules [CODE]`: the rule catalogue, from the rule modules themselves."""

from __future__ import annotations

import sys

from ..errors import WorkspaceError


def run(code: str | None, markdown: bool) -> int:
    from ..rules import RULES, resolve_rule
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
        raise WorkspaceError(f"no rule {code!r} (see `personakit rules`)")
    sys.stdout.write(explain(chosen))
    return 0
