"""Rule documentation, generated from the rule modules: `personakit rules` and docs/rules.md."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

from . import RULES

# What a rule's `FIXABLE` attribute ("safe", "unsafe") says in its documentation.
_FIXABLE = {
    "safe": " Fixable: `personakit lint --fix`.",
    "unsafe": " Fixable, unsafe: `personakit lint --fix --unsafe-fixes` (check the result).",
}


def explain(rule: ModuleType) -> str:
    """The full text of one rule, as Markdown."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    options = ""
    if rule.OPTIONS:
        listed = ", ".join(f"`{k}` (default {v!r})" for k, v in rule.OPTIONS.items())
        options = f"\n\nOptions: {listed}."
    header = f"## {rule.CODE} {rule.NAME}\n\nDefault severity: {rule.SEVERITY.value}."
    header += _FIXABLE.get(getattr(rule, "FIXABLE", None) or "", "")
    return f"{header}{options}\n\n{doc}\n"


def reference_page() -> str:
    """docs/rules.md: every rule, in code order."""
    lines = [
        "# Lint rules",
        "",
        "<!-- Generated from the rule modules by `personakit rules --markdown`; do not edit. -->",
        "",
        "Configure a rule in `personakit.yaml` by code or name, e.g.",
        "`rules: {PK108: {severity: error, max_age_days: 180}, PK204: off}`.",
        "Silence one finding in place, with a reason:",
        "`# personakit: ignore[PK107] the only buyer we could reach` (YAML) or",
        "`<!-- personakit: ignore[PK204] reason -->` (Markdown).",
        "",
        "| code | name | default | finds |",
        "| --- | --- | --- | --- |",
    ]
    for code, rule in RULES.items():
        lines.append(
            f"| [{code}](#{code.lower()}-{rule.NAME}) | {rule.NAME} | "
            f"{rule.SEVERITY.value} | {rule.SUMMARY} |"
        )
    lines.append("")
    for rule in RULES.values():
        lines.append(explain(rule))
    return "\n".join(lines)


def rule_info(rule: ModuleType) -> dict[str, Any]:
    """One rule as plain data, for `personakit rules --format json`."""
    fix = getattr(rule, "FIXABLE", None)  # "safe", "unsafe" or absent
    return {
        "code": rule.CODE,
        "name": rule.NAME,
        "severity": rule.SEVERITY.value,
        "summary": rule.SUMMARY,
        "fixable": bool(fix),
        "fix": fix or None,
        "options": dict(rule.OPTIONS),
        "docs": f"docs/rules.md#{rule.CODE.lower()}-{rule.NAME}",
        "explanation": explain(rule),
    }


def catalogue() -> list[dict[str, Any]]:
    """Every rule as plain data, in code order."""
    return [rule_info(rule) for rule in RULES.values()]
