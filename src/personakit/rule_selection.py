"""Which rules run: `select`, `extend_select` and `ignore`, from `personakit.yaml`'s
`lint:` block and from lint's command line, read the way ruff reads them.

A selector is `ALL`, a rule code (`PK107`), a prefix of codes (`PK1`: every PK1xx rule)
or a rule name (`single-voice`). The config is one layer, the command line another
laid over it:

- a layer's `select` replaces the rules chosen so far (the default is every rule);
- `extend_select` adds rules, `ignore` removes them;
- inside one layer the more specific selector wins (`select: [PK1]` with `ignore:
  [PK107]` runs PK1xx but PK107; `ignore: [PK1]` with `extend_select: [PK107]` keeps
  PK107); at the same specificity `ignore` wins.

So `--select` on the command line overrides the config's whole selection, and
`--ignore` / `--extend-select` adjust it. A `select` never drops PK001 (parse-error),
as ruff never drops a syntax error: a file that cannot be read is reported whatever is
selected, unless an `ignore` names it. A rule set to `off` under `rules:` stays off
whatever is selected: selection picks among the rules that are on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import ConfigError, WorkspaceError
from .model.config import CONFIG_NAME
from .model.documents import Workspace
from .rules import RULES, resolve_rule, rule_hint

ALL = "ALL"


@dataclass(frozen=True)
class RuleSelection:
    """One layer of selectors: `select` (None: keep what the layer below chose),
    `extend_select` and `ignore`."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def from_options(
        cls,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> RuleSelection:
        """A layer from command-line values, each repeated or comma-separated; an
        unknown selector is a one-line error naming its option."""
        layer = cls(
            None if select is None else _split(select),
            _split(extend_select or ()),
            _split(ignore or ()),
        )
        for option, values in layer.named():
            for value in values:
                if not matches(value):
                    raise WorkspaceError(f"{option} {value}: {_UNKNOWN}{rule_hint(value)}")
        return layer

    def named(self) -> list[tuple[str, tuple[str, ...]]]:
        """The layer's selectors by option name (`--select`, `--extend-select`, `--ignore`)."""
        return [
            ("--select", self.select or ()),
            ("--extend-select", self.extend_select),
            ("--ignore", self.ignore),
        ]


def _split(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


_UNKNOWN = "no rule has this code, prefix or name (see `personakit rules`)"


def matches(selector: str) -> list[str]:
    """The codes a selector stands for, in code order (empty: it names no rule)."""
    if selector.strip().upper() == ALL:
        return list(RULES)
    rule = resolve_rule(selector)
    if rule is not None:
        return [rule.CODE]
    prefix = selector.strip().upper()
    return [code for code in RULES if prefix and code.startswith(prefix)]


def _specificity(selector: str) -> int:
    if selector.strip().upper() == ALL:
        return 0
    rule = resolve_rule(selector)
    return len(rule.CODE) if rule is not None else len(selector.strip())


UNREADABLE = "PK001"  # parse-error


def enabled_codes(layers: Iterable[RuleSelection]) -> frozenset[str]:
    """The codes the layers select, applied in order over every rule."""
    enabled = set(RULES)
    for layer in layers:
        if layer.select is not None:
            # A file that cannot be read is reported whatever is selected, unless an
            # `ignore` names its rule: else a narrow selection would call it clean.
            enabled &= {UNREADABLE}
        steps = [(s, True) for s in (*(layer.select or ()), *layer.extend_select)]
        steps += [(s, False) for s in layer.ignore]
        # Least specific first, so a more specific selector has the last word; at equal
        # specificity an ignore comes after a select, so it wins.
        for selector, add in sorted(steps, key=lambda step: (_specificity(step[0]), not step[1])):
            codes = matches(selector)
            if add:
                enabled.update(codes)
            else:
                enabled.difference_update(codes)
    return frozenset(enabled)


def config_selection(ws: Workspace) -> RuleSelection:
    """The `lint:` block of `personakit.yaml` as a layer; a selector that names no rule
    is a ConfigError at its line."""
    lint = ws.config.lint
    for key in ("select", "extend_select", "ignore"):
        for index, value in enumerate(getattr(lint, key) or ()):
            if not matches(value):
                line = ws.config_doc.position(("lint", key, index))[0]
                raise ConfigError(
                    f"lint.{key}: {value!r}: {_UNKNOWN}{rule_hint(value)}", CONFIG_NAME, line
                )
    return RuleSelection(
        None if lint.select is None else tuple(lint.select),
        tuple(lint.extend_select),
        tuple(lint.ignore),
    )


def enabled_rules(ws: Workspace, command_line: RuleSelection | None = None) -> frozenset[str]:
    """The codes that run: the config's selection, then the command line's over it."""
    layers = [config_selection(ws)]
    if command_line is not None:
        layers.append(command_line)
    return enabled_codes(layers)
