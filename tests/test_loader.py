"""YAML loading: positions kept, safe loading, bounded alias expansion."""

from __future__ import annotations

import pytest

from personakit.workspace import loader
from personakit.workspace.frontmatter import split_front_matter
from personakit.workspace.loader import YamlError, parse_yaml
from personakit.workspace.notes import parse_body


def test_uses_the_c_loader_when_available():
    import yaml

    if yaml.__with_libyaml__:
        assert issubclass(loader._Loader, yaml.CSafeLoader)


def test_positions_of_values_and_keys():
    doc = parse_yaml("name: A\njobs:\n  - id: x\n    quotes: [p1#q1, p2#q2]\n")
    assert doc.position(("jobs", 0)) == (3, 5)
    assert doc.position(("jobs", 0, "quotes", 1)) == (4, 21)
    assert doc.position(("jobs", 0, "quotes"), key=True) == (4, 5)
    assert doc.position(("jobs", 0, "quotes", 7)) == (4, 13)  # nearest existing ancestor
    assert doc.position(("jobs", 0, "missing")) == (3, 5)


def test_front_matter_lines_are_shifted():
    front = split_front_matter("---\ndate: 2026-10-01\nkind: x\n---\n# T\n\n> Hi #a ^q1\n")
    assert front.doc.position(("kind",)) == (3, 7)
    assert front.body_line == 5
    body = parse_body(front.body, front.body_line)
    assert body.title == "T"
    assert body.quotes[0].line == 7
    assert body.quotes[0].text == "Hi"
    assert body.quotes[0].tags == ("a",)


def test_alias_bomb_is_bounded(monkeypatch):
    monkeypatch.setattr(loader, "MAX_NODES", 1000)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(YamlError, match="too many values"):
        parse_yaml(bomb)


def test_keys_stay_as_written():
    assert parse_yaml("yes: 1\n2026: b\n").data == {"yes": 1, "2026": "b"}


def test_multiple_documents_are_refused():
    with pytest.raises(YamlError):
        parse_yaml("a: 1\n---\nb: 2\n")


def test_quotes_in_code_fences_and_without_anchor_are_not_quotes():
    body = "```\n> not a quote ^q1\n```\n\n> no anchor here\n\n> multi\n> line #T1 ^q2\n"
    quotes = parse_body(body, 1).quotes
    assert [(q.anchor, q.text, q.tags, q.line) for q in quotes] == [
        ("q2", "multi line", ("T1",), 7)
    ]


def test_tags_are_hash_words_not_hashes_inside_words():
    body = "> #start in C# and issue#12 and &#39; then #Mid-way and #a/b. ##no ^q1\n"
    assert parse_body(body, 1).quotes[0].tags == ("start", "Mid-way", "a/b")


def test_quotes_inside_html_comments_are_not_quotes():
    body = "<!--\n> hidden ^q1\n-->\n<!-- personakit: ignore[PK204] why -->\n> shown ^q2\n"
    assert [q.anchor for q in parse_body(body, 1).quotes] == ["q2"]
