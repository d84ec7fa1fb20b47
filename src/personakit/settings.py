"""Rule settings: each rule's severity and options, defaults overridden by `personakit.yaml`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .dates import check_days
from .errors import ConfigError
from .findings import Severity
from .model.config import CONFIG_NAME
from .model.documents import Workspace
from .rules import RULES, resolve_rule, rule_hint
from .suggest import hint


@dataclass(frozen=True)
class RuleSetting:
    """A rule's severity (None: off) and its options."""

    severity: Severity | None  # None: the rule is off
    options: dict[str, Any]


def rule_settings(ws: Workspace) -> dict[str, RuleSetting]:
    """Each rule's severity and options: defaults, overridden by `personakit.yaml`."""
    settings = {
        code: RuleSetting(rule.SEVERITY, dict(rule.OPTIONS)) for code, rule in RULES.items()
    }
    for key, value in ws.config.rules.items():
        line = ws.config_doc.position(("rules", key), key=True)[0]
        rule = resolve_rule(key)
        if rule is None:
            raise ConfigError(
                f"rules: unknown rule {key!r}{rule_hint(key)} (see `personakit rules`)",
                CONFIG_NAME,
                line,
            )
        base = settings[rule.CODE]
        if isinstance(value, str | bool) or value is None:
            settings[rule.CODE] = RuleSetting(_severity(value, key, line), base.options)
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"rules.{key}: expected a severity or a mapping", CONFIG_NAME, line)
        options = dict(base.options)
        severity = base.severity
        for name, option in value.items():
            opt_line = ws.config_doc.position(("rules", key, name), key=True)[0]
            if name == "severity":
                severity = _severity(option, key, opt_line)
            elif name not in options:
                known = ", ".join(["severity", *rule.OPTIONS]) or "severity"
                more = hint(str(name), ["severity", *rule.OPTIONS])
                raise ConfigError(
                    f"rules.{key}: unknown option {name!r}{more} (known: {known})",
                    CONFIG_NAME,
                    opt_line,
                )
            elif not isinstance(option, type(options[name])) or isinstance(option, bool):
                kind = type(options[name]).__name__
                raise ConfigError(f"rules.{key}.{name}: expected {kind}", CONFIG_NAME, opt_line)
            else:
                problem = _option_problem(name, option)
                if problem is not None:
                    raise ConfigError(f"rules.{key}.{name}: {problem}", CONFIG_NAME, opt_line)
                options[name] = option
        settings[rule.CODE] = RuleSetting(severity, options)
    return settings


def _option_problem(name: str, value: Any) -> str | None:
    """Why a number cannot be a rule option's value: day counts must fit the calendar,
    and no option means anything negative, infinite or not a number."""
    if "days" in name.split("_"):  # max_age_days, max_days_without_decision
        return check_days(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number (got {value})"
    if isinstance(value, int | float) and value < 0:
        return f"must be 0 or more (got {value})"
    return None


def _severity(value: Any, key: str, line: int) -> Severity | None:
    if value is False or value in ("off", "none"):
        return None
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"rules.{key}: severity must be error, warning, info or off (got {value!r})"
            + (
                hint(value, [*(s.value for s in Severity), "off"]) if isinstance(value, str) else ""
            ),
            CONFIG_NAME,
            line,
        ) from None
