"""YAML text → plain Python data, with the position of every value and key kept.

PyYAML's C loader composes the node tree (fast, with marks); we convert nodes to data
ourselves so that each value's line and column travel with it, keyed by its path in
the document (`("jobs", 0, "quotes", 1)`). Pydantic error locations are such paths, so
a validation error maps straight back to a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing; the pure-Python parser is slower
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DataPath = tuple[str | int, ...]
Position = tuple[int, int]

# Alias expansion is bounded: a document may not expand to more nodes than this, which
# stops "billion laughs" documents long before they cost memory.
MAX_NODES = 1_000_000

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


@dataclass
class YamlDoc:
    """A parsed YAML document: its data and where each value and key stands."""

    data: Any
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def position(self, path: DataPath, *, key: bool = False) -> Position:
        """Where `path` stands, or its nearest ancestor that exists."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; `line_offset` shifts lines (front matter after `---`)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlError(reason, line + line_offset, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], 1 + line_offset, 1) from None
    doc = YamlDoc(data=None)
    if node is None:
        return doc
    budget = [MAX_NODES]
    doc.data = _convert(node, (), doc, line_offset, budget)
    return doc


def _convert(node: Any, path: DataPath, doc: YamlDoc, off: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("document expands to too many values (alias bomb?)", 1 + off, 1)
    mark = node.start_mark
    doc.values[path] = (mark.line + 1 + off, mark.column + 1)
    if isinstance(node, ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(node.tag)
        if constructor is None or node.tag in (_MAP_TAG, _SEQ_TAG):
            raise YamlError(f"unsupported tag {node.tag}", mark.line + 1 + off, mark.column + 1)
        try:
            return constructor(_constructor, node)
        except (yaml.YAMLError, ValueError) as exc:
            msg = getattr(exc, "problem", None) or str(exc)
            raise YamlError(msg, mark.line + 1 + off, mark.column + 1) from None
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ_TAG:
            raise YamlError(f"unsupported tag {node.tag}", mark.line + 1 + off, mark.column + 1)
        return [_convert(item, (*path, i), doc, off, budget) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        if node.tag != _MAP_TAG:
            raise YamlError(f"unsupported tag {node.tag}", mark.line + 1 + off, mark.column + 1)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            kpos = (kmark.line + 1 + off, kmark.column + 1)
            if not isinstance(key_node, ScalarNode) or key_node.tag.endswith(":merge"):
                raise YamlError("keys must be plain text", *kpos)
            # The raw text, not the resolved value: `yes:` or `2026:` stay the keys written.
            key = key_node.value
            if key in result:
                first = doc.keys[(*path, key)][0]
                raise YamlError(f"duplicate key {key!r} (first on line {first})", *kpos)
            doc.keys[(*path, key)] = kpos
            result[key] = _convert(value_node, (*path, key), doc, off, budget)
        return result
    raise YamlError(
        "unsupported YAML node", mark.line + 1 + off, mark.column + 1
    )  # pragma: no cover
