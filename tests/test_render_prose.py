"""Prose rendered without markdown-it's parser (render/prose.py) is byte for byte what
markdown-it renders; anything else is left to markdown-it."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personakit.render.prose import prose_html
from personakit.render.text import QUOTE_SLOT, _markdown, markdown_to_html, slot_key
from tests.fuzz.settings import fuzz_settings

# Characters markdown cares about, whitespace of every kind, controls, non-ASCII
# letters and digits, and plain punctuation.
CHARS = list("aZz09 ") + list("\t\xa0\u3000\u2028\x0b\x0c\r\x00\xad\u200b\ufeff")
CHARS += list("#>-*+_=`~<[]|:!\\&\"'.,;?()/@$%^{}") + list("éßΩ日٣")
FIXED_LINES = [
    "",
    " ",
    "   ",
    "## A heading",
    "# A heading #",
    "###### six",
    "####### seven",
    "#no space",
    "## ",
    "===",
    "---",
    "***",
    "1. one",
    "2) two",
    "- item",
    "* item",
    "+ item",
    "> quoted",
    "    indented code",
    "```",
    "~~~",
    "| a | b |",
    "|---|---|",
    "a | b",
    "[ref]: https://example.org",
    "<div>",
    QUOTE_SLOT.format(key="0123456789abcdef0123", n=0),
    QUOTE_SLOT.format(key="abc", n=12),
    "Plain words, and more words.",
    "trailing space ",
    "trailing two  ",
    "#hashtag in the middle #x",
    "Word: with a colon - and a dash = sign",
    '"Quoted" it\'s (fine) 100% $5 @me ^ {x} ~y',
]
WORD = st.text(st.sampled_from(list("abcXYZéß\"'.,;?()-:/%$@09#")), min_size=1, max_size=8)
PROSE_LINE = st.builds(
    lambda first, rest: first + " ".join(rest),
    st.sampled_from(list("AbzÉ\"'(")),
    st.lists(WORD, max_size=6),
).filter(lambda line: not line.endswith(" "))
PROSE = st.lists(
    st.one_of(PROSE_LINE, st.just(""), st.sampled_from(["## Heading", "### Sub heading"])),
    max_size=10,
).map("\n".join)


@st.composite
def near_prose_line(draw: st.DrawFn) -> str:
    """A prose line with one character of any kind put in somewhere."""
    line = draw(PROSE_LINE)
    at = draw(st.integers(0, len(line)))
    return line[:at] + draw(st.sampled_from(CHARS)) + line[at:]


LINE = st.one_of(
    st.sampled_from(FIXED_LINES),
    st.text(st.sampled_from(CHARS), max_size=12),
    PROSE_LINE,
    near_prose_line(),
)
DOCUMENT = st.lists(LINE, max_size=8).map("\n".join)


def markdown_it(text: str) -> str:
    return _markdown().render(text)


@fuzz_settings(ci_examples=3000)
@given(DOCUMENT)
def test_prose_html_is_markdown_its_html_or_declines(text):
    html = prose_html(text)
    if html is not None:
        assert html == markdown_it(text)
    assert str(markdown_to_html(text)) == markdown_it(text)


@fuzz_settings(ci_examples=500)
@given(PROSE)
def test_prose_is_taken_and_rendered_as_markdown_it_does(text):
    html = prose_html(text)
    assert html is not None
    assert html == markdown_it(text)


def test_a_note_page_body_with_quote_slots_is_taken():
    body = "Intro line one.\nAnd line two.\n\n> a quote ^q1\n\nMore text."
    key = slot_key(body)
    marked = "\n\n".join(
        [
            "### Conversation",
            "Intro line one.\nAnd line two.",
            QUOTE_SLOT.format(key=key, n=0),
            'More text, with: colons - dashes and "quotes" it\'s 5% (fine).',
        ]
    )
    html = prose_html(marked)
    assert html is not None and html == markdown_it(marked)
    assert f"&lt;!--pk-quote-{key}-0--&gt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "a *b*",
        "a `b`",
        "a [b](c)",
        "a <b>",
        "a &amp; b",
        "a \\* b",
        "- a\n- b",
        "1. a",
        "a  \nb",
        "a\n===",
        "a\tb",
        "    code",
        "a\n> b",
        QUOTE_SLOT.format(key="abc", n=0) + "\ntext right after",
    ],
)
def test_markup_goes_through_markdown_it(text):
    assert prose_html(text) is None
    assert str(markdown_to_html(text)) == markdown_it(text)


@fuzz_settings(ci_examples=500)
@given(DOCUMENT)
def test_what_is_taken_needs_no_trimming(text):
    # markdown-it-py 3 trims a paragraph with str.strip, 4 with its own set of spaces:
    # on text prose_html takes, both change nothing, so either version gets its bytes.
    from personakit.render import prose

    html = prose_html(text)
    if html is not None:
        with patch.object(prose, "_trim", lambda string: string.strip()):
            assert prose_html(text) == html
        with patch.object(prose, "_trim", lambda string: string):
            assert prose_html(text) == html
