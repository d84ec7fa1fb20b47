"""YAML text → plain Python data, with the position of every value and key kept.

PyYAML's C loader composes the node tree (fast, with marks); we convert nodes to data
ourselves, safely, and keep the tree so that any value's line and column can be found
from its path in the document (`("jobs", 0, "quotes", 1)`). Pydantic error locations
are such paths, so a validation error maps straight back to a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model.positions import DataPath, Position, YamlDoc

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml missing; the pure-Python parser is slower
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = [
    "DataPath",
    "Position",
    "Salvage",
    "YamlDoc",
    "YamlError",
    "parse_yaml",
    "salvage_mapping",
]


class _Loader(_BaseLoader):
    """The safe loader, with implicit tags of plain scalars remembered.

    libyaml calls back into Python to resolve the tag of every scalar, keys included;
    the answer for a plain scalar depends only on its text, and workspaces repeat the
    same keys and values thousands of times.
    """

    _plain_tags: dict[str, str] = {}  # noqa: RUF012 - a process-wide memo, on purpose

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._plain_tags) < 100_000 and len(value) < 64:
                    self._plain_tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


# Alias expansion is bounded: a document may not expand to more nodes than this, which
# stops "billion laughs" documents long before they cost memory.
MAX_NODES = 1_000_000
# Deeper nesting than any persona needs is refused before it exhausts the stack.
MAX_DEPTH = 100

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SCALAR_CONSTRUCTORS = SafeConstructor.yaml_constructors
_constructor = SafeConstructor()


class YamlError(Exception):
    """Text that is not YAML we accept; line and column are 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_yaml(text: str, line_offset: int = 0, budget: list[int] | None = None) -> YamlDoc:
    """Parse one YAML document; `line_offset` shifts lines (front matter after `---`).

    `budget` (a one-item list) bounds the values built, shared when one file is parsed
    in parts; by default each call may build MAX_NODES.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        opened = exc.context_mark
        if opened is not None and exc.context and opened.line + 1 < line:
            # An unclosed `[`, `{` or quote is noticed lines later, where nothing is
            # wrong: the finding goes where it was opened, which is what to fix.
            reason = f"{exc.context} that starts here: {reason} by line {line + line_offset}"
            line, col = opened.line + 1, opened.column + 1
        raise YamlError(reason, line + line_offset, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], 1 + line_offset, 1) from None
    if node is None:
        return YamlDoc(data=None, line_offset=line_offset)
    if budget is None:
        budget = [MAX_NODES]
    return YamlDoc(_convert(node, line_offset, budget, 0), node, line_offset)


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
# Tags the safe loader could build but no workspace file has a use for: bytes would
# only surprise every later stage, and a collection tag on a scalar is a mistake.
_REFUSED_TAGS = frozenset(
    _YAML_TAG_PREFIX + name for name in ("binary", "map", "seq", "set", "omap", "pairs")
)
_TAG_WORDS = {
    "bool": "true/false value",
    "int": "whole number",
    "float": "number",
    "timestamp": "date",
    "null": "null value",
}


def _short_tag(tag: str) -> str:
    shown = "!!" + tag[len(_YAML_TAG_PREFIX) :] if tag.startswith(_YAML_TAG_PREFIX) else tag
    if not shown.isprintable():  # a tag may carry %-escaped control characters
        shown = shown.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _unsupported(tag: str) -> str:
    return (
        f"unsupported tag {_short_tag(tag)} (only text, numbers, true/false, dates, "
        "lists and mappings)"
    )


def _cannot_build(tag: str, value: str) -> str:
    word = _TAG_WORDS.get(tag[len(_YAML_TAG_PREFIX) :], f"{_short_tag(tag)} value")
    shown = repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    return f"{shown} is not a valid {word}"


def _fail(message: str, node: Node, off: int) -> YamlError:
    return YamlError(message, node.start_mark.line + 1 + off, node.start_mark.column + 1)


def _convert(node: Node, off: int, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("document expands to too many values (alias bomb?)", 1 + off, 1)
    if depth > MAX_DEPTH:
        raise _fail(f"nested more than {MAX_DEPTH} levels deep", node, off)
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag == _STR_TAG:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None or tag in _REFUSED_TAGS:
            raise _fail(_unsupported(tag), node, off)
        try:
            return constructor(_constructor, node)
        except Exception:
            # The library's scalar constructors were written for trusted text: on hostile
            # text they raise KeyError (`!!bool maybe`), IndexError (`!!int ""`),
            # AttributeError (`!!timestamp 99999-01-01`) as well as ValueError. Whatever
            # they raise, the value cannot be built, and that is the user's to fix.
            raise _fail(_cannot_build(tag, node.value), node, off) from None
    if isinstance(node, SequenceNode):
        if tag != _SEQ_TAG:
            raise _fail(_unsupported(tag), node, off)
        return [_convert(item, off, budget, depth + 1) for item in node.value]
    if isinstance(node, MappingNode):
        if tag != _MAP_TAG:
            raise _fail(_unsupported(tag), node, off)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag.endswith(":merge"):
                raise _fail("keys must be plain text", key_node, off)
            # The raw text, not the resolved value: `yes:` or `2026:` stay the keys written.
            key = key_node.value
            if key in result:
                first = next(k for k, _ in node.value if k.value == key).start_mark.line + 1 + off
                raise _fail(f"duplicate key {key!r} (first on line {first})", key_node, off)
            result[key] = _convert(value_node, off, budget, depth + 1)
        return result
    raise _fail("unsupported YAML node", node, off)  # pragma: no cover


# A top-level `key:` line of a YAML mapping.
KEY_LINE = re.compile(r"[A-Za-z_][\w.-]*\s*:(?:\s|$)")


@dataclass
class PartsDoc(YamlDoc):
    """A mapping read one top-level key at a time: each key's own document answers for
    positions under it."""

    parts: dict[str, YamlDoc] = field(default_factory=dict)
    first_line: int = 1

    def position(self, path: DataPath, *, key: bool = False) -> Position:
        """Where `path` stands, from the document of its top-level key."""
        part = self.parts.get(str(path[0])) if path else None
        return part.position(path, key=key) if part is not None else (self.first_line, 1)


@dataclass
class Salvage:
    """What could be read of a YAML mapping that does not parse as a whole: each
    top-level field whose own lines parse, with positions; the keys of those that do
    not; and whether lines belong to no key (a key may have been lost there)."""

    doc: YamlDoc
    broken: set[str]
    stray: bool


def salvage_mapping(lines: list[str], start: int = 0, end: int | None = None) -> Salvage:
    """Parse lines `start:end` of a YAML mapping one top-level key at a time, so that
    one typo leaves the other fields readable; lines stay numbered as in the file."""
    end = len(lines) if end is None else end
    keys = [i for i in range(start, end) if KEY_LINE.match(lines[i])]
    stray = any(
        lines[i].strip() and not lines[i].lstrip().startswith("#")
        for i in range(start, keys[0] if keys else end)
    )
    doc = PartsDoc(data={}, first_line=start + 1)
    broken: set[str] = set()
    # One budget for the whole file: parsed in parts, it may not expand further than
    # it could in one piece.
    budget = [MAX_NODES]
    for n, first in enumerate(keys):
        stop = keys[n + 1] if n + 1 < len(keys) else end
        key = lines[first].split(":", 1)[0].strip()
        try:
            part = parse_yaml("\n".join(lines[first:stop]), line_offset=first, budget=budget)
        except YamlError:
            broken.add(key)
            continue
        if isinstance(part.data, dict) and list(part.data) == [key] and key not in doc.data:
            doc.data[key] = part.data[key]
            doc.parts[key] = part
        else:
            broken.add(key)
    return Salvage(doc, broken, stray)
