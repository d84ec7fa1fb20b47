"""`personakit fmt`: one layout for persona, journey and config YAML, comments kept.

The layout: keys in the order docs/workspace.md lists them (unknown keys after, in their own
order), two-space indentation with list dashes indented under their key, short lists
of plain values and counts in flow style (`[p01#q2, p03#q1]`, `{n: 4, of: 6, ...}`),
everything else in block style. A collection that carries comments is never folded
into flow style, since that would drop them. Comments that stand between two keys
belong, in ruamel.yaml's model, to the key above them and move with it. The result
must parse to exactly the data it was made from, keep every comment, and keep every
suppression (`# personakit: ignore[...]`) on the lines it silences, or the file is left
alone with a one-line reason.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from .errors import WorkspaceError
from .workspace.loader import YamlError, parse_yaml

PERSONA_KEYS = [
    "name", "role", "priority", "buying_influence", "context", "owner", "reviewed",
    "segment", "jobs", "motivations", "success", "anxieties", "stalls", "journey", "playbook",
]  # fmt: skip
CLAIM_KEYS = ["id", "text", "when", "want", "so", "step", "featured", "quotes", "count"]
COUNT_KEYS = ["n", "of", "tag", "among", "source", "segment", "where", "as_of"]
JOURNEY_KEYS = ["title", "description", "steps"]
STEP_KEYS = ["id", "title", "description"]
CONFIG_KEYS = ["title", "description", "note_fields", "rules", "sources", "data"]
SOURCE_KEYS = ["path", "kind", "columns"]
COLUMN_KEYS = ["id", "date", "role", "tags", "text"]
CLAIM_LISTS = ("jobs", "motivations", "success", "anxieties", "stalls")


def format_yaml(text: str, kind: str, path: str = "") -> str:
    """The formatted text of a `persona`, `journey` or `config` YAML file."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.error import YAMLError as RuamelError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    try:
        before = parse_yaml(text).data
        data = yaml.load(text)
    except YamlError as exc:
        raise WorkspaceError(f"cannot format: {exc.message}", path, exc.line) from None
    except (ValueError, LookupError, TypeError) as exc:
        # The safe loader reports every tag it cannot build as a YamlError; this is
        # the round-trip loader's own refusal of what the safe one accepted.
        raise WorkspaceError(f"cannot format: cannot be read back ({exc})", path) from None
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise WorkspaceError(f"cannot format: {exc.problem or exc.context}", path, line) from None
    except RuamelError as exc:
        raise WorkspaceError(f"cannot format: {exc}".splitlines()[0], path) from None
    if not isinstance(data, CommentedMap):
        return text
    {"persona": _persona, "journey": _journey, "config": _config}[kind](data)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    try:
        same = parse_yaml(result).data == before
    except YamlError:  # pragma: no cover - a safety net
        same = False
    if not same:  # pragma: no cover - a safety net
        raise WorkspaceError("cannot format without changing the data; left as it is", path)
    lost = Counter(comments(text)) - Counter(comments(result))
    if lost:
        raise WorkspaceError(
            f"cannot format without losing the comment {next(iter(lost))!r}; left as it is",
            path,
        )
    moved = Counter(_suppressing(text)) - Counter(_suppressing(result))
    if moved:
        comment = next(iter(moved))[0]
        raise WorkspaceError(
            f"cannot format without moving {comment!r} off the lines it silences; left as it is",
            path,
        )
    return result


def _suppressing(text: str) -> list[tuple[str, str, str]]:
    """Each suppression comment with the two lines it silences (its own, without it,
    and the next), stripped: a comment moves with the key above it, and a suppression
    carried off its lines would silence another finding, or none."""
    from .workspace.suppressions import find_suppressions

    lines = text.split("\n")
    found = []
    for suppression in find_suppressions(text, markdown=False):
        own = lines[suppression.line - 1]
        start = own.index("personakit:")
        start = own.rindex("#", 0, start)
        below = lines[suppression.line].strip() if suppression.line < len(lines) else ""
        found.append((own[start:].strip(), own[:start].strip(), below))
    return found


def comments(text: str) -> list[str]:
    """The text of every YAML comment in `text` (a `#` outside any scalar)."""
    import yaml

    covered: list[tuple[int, int]] = []
    try:
        # The pure-Python scanner: its marks are character offsets, which `text` uses.
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                covered.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return []
    found = []
    index = text.find("#")
    spans = iter(covered)
    span = next(spans, None)
    while index != -1:
        while span is not None and span[1] <= index:
            span = next(spans, None)
        inside = span is not None and span[0] <= index < span[1]
        if not inside and (index == 0 or text[index - 1] in " \t\n"):
            end = text.find("\n", index)
            found.append(text[index : len(text) if end == -1 else end].rstrip())
            index = len(text) if end == -1 else end
        index = text.find("#", index + 1)
    return found


def _reorder(mapping: Any, order: list[str]) -> None:
    for key in [k for k in order if k in mapping] + [k for k in mapping if k not in order]:
        mapping.move_to_end(key)


def _has_comments(node: Any) -> bool:
    ca = getattr(node, "ca", None)
    if ca is not None and (any(ca.items.values()) or ca.comment):
        return True
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return any(_has_comments(child) for child in children)


def _flow(node: Any) -> None:
    if hasattr(node, "fa") and not _has_comments(node):
        node.fa.set_flow_style()


def _block(node: Any) -> None:
    if hasattr(node, "fa"):
        node.fa.set_block_style()


def _claim(claim: Any) -> None:
    if not isinstance(claim, dict):
        return
    _block(claim)
    _reorder(claim, CLAIM_KEYS)
    quotes = claim.get("quotes")
    if isinstance(quotes, list):
        if all(isinstance(q, str) for q in quotes):
            _flow(quotes)
        else:
            _block(quotes)
            for quote in quotes:
                if isinstance(quote, dict):
                    _reorder(quote, ["ref", "text"])
                    _flow(quote)
    count = claim.get("count")
    if isinstance(count, dict):
        _reorder(count, COUNT_KEYS)
        _flow(count)


def _persona(data: Any) -> None:
    _reorder(data, PERSONA_KEYS)
    if isinstance(data.get("context"), list):
        _flow(data["context"])
    for section in CLAIM_LISTS:
        claims = data.get(section)
        if isinstance(claims, list):
            _block(claims)
            for claim in claims:
                _claim(claim)
    journey = data.get("journey")
    if isinstance(journey, dict):
        _block(journey)
        for cell in journey.values():
            if isinstance(cell, dict):
                _block(cell)
                _reorder(cell, ["success", "goes_wrong"])
                for part in cell.values():
                    _claim(part)


def _journey(data: Any) -> None:
    _reorder(data, JOURNEY_KEYS)
    steps = data.get("steps")
    if isinstance(steps, list):
        _block(steps)
        for step in steps:
            if isinstance(step, dict):
                _reorder(step, STEP_KEYS)
                _flow(step)


def _config(data: Any) -> None:
    _reorder(data, CONFIG_KEYS)
    if isinstance(data.get("note_fields"), list):
        _flow(data["note_fields"])
    rules = data.get("rules")
    if isinstance(rules, dict):
        _block(rules)
        for setting in rules.values():
            if isinstance(setting, dict):
                _flow(setting)
    sources = data.get("sources")
    if isinstance(sources, dict):
        _block(sources)
        for source in sources.values():
            if isinstance(source, dict):
                _block(source)
                _reorder(source, SOURCE_KEYS)
                if isinstance(source.get("columns"), dict):
                    _reorder(source["columns"], COLUMN_KEYS)
                    _flow(source["columns"])
