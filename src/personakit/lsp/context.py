"""Where in a YAML file the cursor stands, read from the lines around it.

The buffer being typed is often not valid YAML, so this reads indentation and flow
brackets instead of parsing: the keys enclosing the cursor (`["jobs", "count", "tag"]`,
list items left out), whether it is where a key goes, and the word being typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# These patterns are tried along lines a hostile file can make megabytes long, so each
# must cost time in proportion to the line: a key ends at its last non-space before
# the colon (each run of spaces crossed once), a flow key is at most _KEY_MAX long (a
# longer one would be looked for again from each word of it), and the typed word
# starts only where a word starts.
_KEY_MAX = 200
# A block key at the start of a line, after indentation and any `- ` item marks.
_BLOCK_KEY = re.compile(
    r"^(\s*)((?:-\s+)*)([^\s#:{}\[\],'\"](?:[^:#{}\[\],]*[^\s:#{}\[\],])?)\s*:(?:\s|$)"
)
_DASHES = re.compile(r"^(\s*)((?:-\s+)*)")
_FLOW_KEY = (
    r"([^\s{}\[\],:#'\"](?:[^{}\[\],:]{0," + str(_KEY_MAX) + r"}[^\s{}\[\],:])?)\s*:(?=\s|$|[{\[])"
)
_FLOW_TOKEN = re.compile(
    r"\"(?:[^\"\\]|\\.)*\"?|'(?:[^']|'')*'?|[{}\[\],]|" + _FLOW_KEY + r"|[^{}\[\],\s]+|\s+"
)
_WORD = re.compile(r"(?<![^\s{}\[\],:'\"])[^\s{}\[\],:'\"]*$")


@dataclass(frozen=True)
class Context:
    """The keys enclosing the cursor, outermost first; whether a key goes there; the
    word typed up to the cursor and the column where it starts."""

    keys: tuple[str, ...]
    at_key: bool
    word: str
    start: int


def context(lines: list[str], line: int, character: int) -> Context:
    """The context of a cursor at (`line`, `character`), 0-based, code points."""
    text = lines[line] if 0 <= line < len(lines) else ""
    prefix = text[:character]
    head = _DASHES.match(prefix)
    column = len(head.group()) if head else 0  # where this line's content starts
    on_line, at_key = _on_line(prefix[column:])
    bare_item = bool(head and head.group(2)) and not _BLOCK_KEY.match(text)
    parents = _parents(lines, line, column, bare_item)
    word = _WORD.search(prefix)
    typed = word.group() if word else ""
    return Context(tuple(parents + on_line), at_key, typed, character - len(typed))


def _on_line(rest: str) -> tuple[list[str], bool]:
    """The keys opened on the cursor's own line, and whether the cursor is where a key goes."""
    keys: list[str] = []
    stack: list[tuple[str, int]] = []
    expect_key = True  # at the line's start a key may go (or a value of a list item)
    for match in _FLOW_TOKEN.finditer(rest):
        token = match.group()
        if match.group(1) is not None:
            level = stack[-1][1] if stack else 0
            del keys[level:]
            keys.append(match.group(1).strip())
            expect_key = False
        elif token in "{[":
            stack.append((token, len(keys)))
            expect_key = token == "{"
        elif token == ",":
            if stack and stack[-1][0] == "{":
                del keys[stack[-1][1] :]
                expect_key = True
        elif token in "}]":
            if stack:
                del keys[stack.pop()[1] :]
            expect_key = False
        elif not token.isspace() and match.end() < len(rest):
            expect_key = False
    at_key = expect_key and (bool(stack) or not keys)
    return keys, at_key


def _parents(lines: list[str], line: int, column: int, bare_item: bool) -> list[str]:
    """The block keys above `line` whose values hold it, outermost first."""
    found: list[str] = []
    target = column
    same_ok = bare_item  # `key:` then `- item` at the key's own indentation
    for above in range(min(line, len(lines)) - 1, -1, -1):  # a cursor may be past the end
        text = lines[above]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == "---":
            break  # the start of a note's front matter
        match = _BLOCK_KEY.match(text)
        head = _DASHES.match(text)
        if match is None:
            if head and len(head.group(1)) < target and not head.group(2):
                break  # text at a lower indentation that is not a key: a block scalar's end
            continue
        key_col = len(match.group(1)) + len(match.group(2))
        value = text[match.end() :].strip()
        empty = not value or value.startswith("#")
        if key_col < target or (same_ok and key_col == target and not match.group(2)):
            if empty:
                found.append(match.group(3).strip())
                target = key_col
                same_ok = False
            elif match.group(2) and len(match.group(1)) < target:
                # `- key: value` opens a list item: its parent is further up
                target = len(match.group(1))
                same_ok = True
            elif key_col < target:
                break  # a key with a value cannot hold the lines below it
    return list(reversed(found))
