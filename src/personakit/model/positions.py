"""Positions that travel with loaded values: a YAML document and its node tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

DataPath = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass(frozen=True)
class ScalarSpot:
    """Where a scalar value's text stands (start inclusive, end exclusive; 1-based
    lines and columns counted in characters) and its style (`"`, `'`, `|`, `>`, or
    empty for plain)."""

    start: Position
    end: Position
    style: str


@dataclass
class YamlDoc:
    """A parsed YAML document: its data, and its node tree for finding positions.

    Positions are looked up only when something needs one (a finding), by walking the
    composed nodes; recording every value's position up front would cost more than
    parsing.
    """

    data: Any
    node: Node | None = field(default=None, repr=False)
    line_offset: int = 0

    def scalar(self, path: DataPath) -> ScalarSpot | None:
        """Where the scalar at exactly `path` stands, or None (missing, or not a scalar)."""
        node = self.node
        for part in path:
            child: Node | None = None
            if isinstance(node, MappingNode):
                child = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                child = node.value[part] if 0 <= part < len(node.value) else None
            if child is None:
                return None
            node = child
        if not isinstance(node, ScalarNode):
            return None
        start, end = node.start_mark, node.end_mark
        return ScalarSpot(
            (start.line + 1 + self.line_offset, start.column + 1),
            (end.line + 1 + self.line_offset, end.column + 1),
            node.style or "",
        )

    def position(self, path: DataPath, *, key: bool = False) -> Position:
        """Where `path` stands (its key, with `key=True`), or its nearest existing ancestor."""
        node = self.node
        if node is None:
            return (1 + self.line_offset, 1)
        key_node: Node | None = None
        for part in path:
            child: Node | None = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if k.value == part:
                        child, key_node = v, k
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child, key_node = node.value[part], None
            if child is None:
                key_node = None
                break
            node = child
        target = key_node if key and key_node is not None else node
        mark = target.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)
