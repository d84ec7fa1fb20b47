"""The language server's pure helpers: columns in the client's units, and the keys
around a cursor in YAML being typed (lsp/positions.py, lsp/context.py)."""

from __future__ import annotations

import pytest

from personakit.lsp.context import context
from personakit.lsp.positions import from_client, lines_of, to_client


@pytest.mark.parametrize(
    ("line", "column", "utf16", "utf8"),
    [
        ("abc", 2, 2, 2),
        ("é p01#q1", 2, 2, 3),
        ("🙂 p01#q1", 2, 3, 5),  # an astral character: two UTF-16 units, four UTF-8 bytes
        ("🙂🙂x", 3, 5, 9),
    ],
)
def test_columns_convert_both_ways(line: str, column: int, utf16: int, utf8: int):
    assert to_client(line, column) == utf16
    assert to_client(line, column, "utf-8") == utf8
    assert to_client(line, column, "utf-32") == column
    assert from_client(line, utf16) == column
    assert from_client(line, utf8, "utf-8") == column


def test_a_client_column_inside_a_character_or_past_the_end():
    assert from_client("🙂x", 1) == 0  # between the two halves of the emoji
    assert from_client("ab", 9) == 2


def test_lines_of_a_crlf_text_have_no_carriage_returns():
    assert lines_of("a: 1\r\nb: 2\r\n") == ["a: 1", "b: 2", ""]


PERSONA = """\
jobs:
  - id: connect
    quotes: [p01#q1, p04#
    count: {n: 3, of: 5, tag: conn, among: {role: ops-admin, kind: }}
segment:
  where:
    users.nps: {gte: 9}
INDENT
journey:
  onboarding/signup:
    success:
      quotes:
        - p0
""".replace("INDENT", "    ")  # a line holding only the indentation typed so far


def at(text: str, needle: str, offset: int | None = None):
    lines = lines_of(text)
    line = next(i for i, row in enumerate(lines) if needle in row)
    column = lines[line].index(needle) + (len(needle) if offset is None else offset)
    return context(lines, line, column)


def test_keys_around_the_cursor_in_flow_and_block_yaml():
    assert at(PERSONA, "quotes: [p01#q1, p04#").keys == ("jobs", "quotes")
    assert at(PERSONA, "quotes: [p01#q1, p04#").word == "p04#"
    assert at(PERSONA, "tag: conn").keys == ("jobs", "count", "tag")
    assert at(PERSONA, "role: ops").keys == ("jobs", "count", "among", "role")
    kind = at(PERSONA, "kind: ")
    assert kind.keys == ("jobs", "count", "among", "kind") and kind.word == ""
    after_comma = at(PERSONA, "{n: 3, ")
    assert after_comma.keys == ("jobs", "count") and after_comma.at_key
    assert at(PERSONA, "users.nps", 3).keys == ("segment", "where")
    assert at(PERSONA, "users.nps", 3).at_key
    assert at(PERSONA, "- p0").keys == ("journey", "onboarding/signup", "success", "quotes")
    item = at(PERSONA, "- id: connect", 2)
    assert item.keys == ("jobs",) and item.at_key


def test_an_empty_line_under_a_mapping_is_where_its_keys_go():
    lines = lines_of(PERSONA)
    blank = next(i for i, row in enumerate(lines) if row == "    ")
    found = context(lines, blank, 4)
    assert found.keys == ("segment", "where") and found.at_key


def test_a_notes_front_matter_ends_the_walk_up():
    lines = ["---", "id: p01", "ro", "---", "# Title"]
    found = context(lines, 2, 2)
    assert found.keys == () and found.at_key and found.word == "ro"
