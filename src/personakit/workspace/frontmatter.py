"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .loader import KEY_LINE, YamlDoc, YamlError, parse_yaml, salvage_mapping
from .note_facts import front_matter_fence


@dataclass
class FrontMatter:
    """A Markdown file split into its parsed front matter and its body."""

    doc: YamlDoc
    body: str
    body_line: int  # 1-based line number of the body's first line


def split_front_matter(text: str) -> FrontMatter:
    """Parse the `---` fenced YAML at the top of a Markdown file.

    Raises YamlError when there is none, when it is not closed or not valid YAML.
    """
    found = front_matter_fence(text)
    if isinstance(found, str):
        raise YamlError(found, 1, 1)
    yaml_end, body_start, body_line = found
    doc = parse_yaml(text[text.find("\n") + 1 : yaml_end], line_offset=1)
    return FrontMatter(doc=doc, body=text[body_start:], body_line=body_line)


# Without its closing fence, front matter ends at the first line that is no `key:`
# line (loader.KEY_LINE), indented line, list item or comment.
_KEY_LINE = KEY_LINE
_FENCE_ATTEMPT = re.compile(r"\s*(?:-+|\.{3})\s*")
_QUOTE_LINE = re.compile(r" {0,3}>")


@dataclass
class Salvaged:
    """What could be read of front matter that does not parse as a whole.

    `data` holds each top-level field that parses on its own (with `lines`, where its
    value stands); `broken` names the fields that do not; `body` is the Markdown after
    the front matter (or after where it seems to end, when its fence is missing).
    """

    data: dict[str, Any]
    lines: dict[str, tuple[int, int]]
    broken: set[str]
    body: str
    body_line: int
    # Whether lines were left that belong to no field: a field's key may be among them.
    stray: bool = False


def salvage_front_matter(text: str) -> Salvaged:
    """Read front matter field by field, for a file whose front matter does not parse.

    A field whose own lines are not valid YAML is left out (and named in `broken`);
    the others keep their values, so one typo does not hide the note's id or quotes.
    """
    lines = text.split("\n")
    if not lines or not _FENCE_ATTEMPT.fullmatch(lines[0]):
        return Salvaged({}, {}, set(), text, 1, stray=True)
    end, body_start, sure = _front_matter_end(lines)
    fields = salvage_mapping(lines, 1, end)
    data = fields.doc.data
    positions = {key: fields.doc.position((key,)) for key in data}
    # A guessed end of the front matter: any unset field may be further down.
    stray = fields.stray or not sure
    broken = fields.broken
    return Salvaged(data, positions, broken, "\n".join(lines[body_start:]), body_start + 1, stray)


def _front_matter_end(lines: list[str]) -> tuple[int, int, bool]:
    """Where front matter that starts on line 0 ends, where the body starts, and whether
    that is sure (a fence, or a fence typed wrong) rather than a guess.

    The closing `---` counts unless a blockquote comes before it (front matter holds
    none: the fence is missing and that `---` is a rule in the body). Without one, the
    front matter ends at the first line that is no YAML key, indented line, list item
    or comment.
    """
    for i in range(1, len(lines)):
        line = lines[i]
        if line.rstrip() in ("---", "..."):
            return i, i + 1, True
        if _QUOTE_LINE.match(line):
            break
    for i in range(1, len(lines)):
        line = lines[i]
        if _FENCE_ATTEMPT.fullmatch(line):
            return i, i + 1, True  # a fence typed wrong (`--`, `----`)
        if not (_KEY_LINE.match(line) or line[:1] in (" ", "\t", "-", "#")):
            return i, i, False
    return len(lines), len(lines), False
