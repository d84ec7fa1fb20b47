"""Jinja filters for what pages say: Markdown bodies as safe HTML, text escaped for Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from markupsafe import Markup


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    from ..links import is_safe

    # Raw HTML in notes is shown as text, not passed through: notes come from anyone.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    # Links and images only to http, https, mailto and relative targets: markdown-it's
    # own check lets `data:image/...` through and knows nothing of a whitespace- or
    # control-character-hidden scheme. A refused link stays text.
    # markdown-it's own hook for this is replacing the method on the instance.
    md.validateLink = is_safe  # type: ignore[method-assign]
    return md


def markdown_to_html(text: str) -> Markup:
    """A note or decision body as HTML; raw HTML and unsafe link schemes are neutralised."""
    from .prose import prose_html

    # Plain prose needs no parser: the same bytes, without markdown-it's cost.
    html = prose_html(text)
    if html is None:
        html = _markdown().render(text)  # markdown-it escapes: html is off
    return Markup(html)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: Any) -> str:
    """Text placed in Markdown: shown as written, never read as markup."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_cell(value: Any) -> str:
    """Text inside a Markdown table cell (pipes and line breaks escaped too)."""
    return md_escape(value).replace("\n", " ")


def md_url(value: Any) -> str:
    """A relative link target for Markdown: spaces and parentheses encoded."""
    return str(value).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# `](destination` of an inline link or image, and `[label]: destination` of a link
# reference definition. Neither can run long: the destination stops at a space.
_INLINE_LINK = re.compile(r"\]\([ \t]*(?:\n[ \t]*)?(<[^>\n]*>?|[^\s)]*)")
_DEFINITION = re.compile(r"^( {0,3})\[([^\]\n]+)\]:[ \t]*(\S*)", re.MULTILINE)
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _destination(raw: str) -> str:
    if raw.startswith("<"):
        raw = raw[1:].removesuffix(">")
    return _BACKSLASH_ESCAPE.sub(r"\1", raw)


def _inline(match: re.Match[str]) -> str:
    from ..links import is_safe

    if is_safe(_destination(match.group(1))):
        return match.group(0)
    return "]\\(" + match.group(0)[2:]  # `[x]\(...)`: shown as written, not a link


def _definition(match: re.Match[str]) -> str:
    from ..links import is_safe

    if is_safe(_destination(match.group(3))):
        return match.group(0)
    return match.group(1) + "\\" + match.group(0)[len(match.group(1)) :]


def md_body(text: str) -> str:
    """A note's own Markdown, kept as Markdown but with raw HTML tags neutralised and
    links to anything but http, https, mailto and relative targets turned into text
    (not every Markdown viewer sanitises them)."""
    text = _DEFINITION.sub(_definition, _INLINE_LINK.sub(_inline, text))
    return text.replace("<", "&lt;").strip() + "\n"


_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s)", re.MULTILINE)


def page_body(body: str, title: str) -> str:
    """A note's or decision's Markdown under a page of its own: a first heading that
    repeats the page title is dropped, and headings go two levels down (below the
    page's h1 and its section's h2)."""
    lines = body.lstrip("\n").split("\n")
    if (
        lines
        and lines[0].lstrip().startswith("# ")
        and lines[0].lstrip()[2:].strip() == title.strip()
    ):
        lines = lines[1:]
    text = "\n".join(lines)
    return shift_headings(text)


def shift_headings(text: str) -> str:
    """Markdown with its headings two levels down (below a page's h1 and h2)."""
    if "#" in text:  # most note bodies have none left: no scan of every line start
        text = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + 2), text)
    return text.strip() + "\n"


_BLOCKQUOTE = re.compile(r"^ {0,3}>")
# Where a quote goes in a note's Markdown: a paragraph of its own, which markdown-it
# (raw HTML off) renders as `<p>&lt;!--pk-quote-KEY-N--&gt;</p>`; `quote_slots` cuts
# there. KEY is a digest of the note's body, so no text in the note can forge a slot.
QUOTE_SLOT = "<!--pk-quote-{key}-{n}-->"


def slot_key(body: str) -> str:
    """The key of a note's quote slots: a digest of its body."""
    import hashlib

    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:20]


_SLOT = re.compile(r"<p>&lt;!--pk-quote-([0-9a-f]+)-(\d+)--&gt;</p>\n?")


def quote_slots(html: str, key: str) -> list[Markup | int]:
    """Rendered body HTML cut at its quote slots: HTML pieces, and the number of the
    quote that goes between them. A slot with another key is the note's own text."""
    text = str(html)
    pieces: list[Markup | int] = []
    done = 0
    for match in _SLOT.finditer(text):
        if match.group(1) != key:
            continue
        if text[done : match.start()].strip():
            pieces.append(Markup(text[done : match.start()]))  # markdown_to_html's, cut
        pieces.append(int(match.group(2)))
        done = match.end()
    if text[done:].strip():
        pieces.append(Markup(text[done:]))
    return pieces


def split_at_quotes(body: str, starts: dict[int, str]) -> list[tuple[str, str]]:
    """A note's body cut around its quotes: `("markdown", text)` and `("quote", anchor)`
    pieces, in order. `starts` maps a quote's first line in the body (0-based) to its
    anchor; a quote is the blockquote starting there (lines beginning with `>`). A start
    that is not a blockquote line is left in the text (the caller lists that quote
    elsewhere)."""
    lines = body.split("\n")
    pieces: list[tuple[str, str]] = []
    done = 0
    for start in sorted(starts):
        if start < done or start >= len(lines) or not _BLOCKQUOTE.match(lines[start]):
            continue
        end = start
        while end < len(lines) and _BLOCKQUOTE.match(lines[end]):
            end += 1
        pieces.append(("markdown", "\n".join(lines[done:start])))
        pieces.append(("quote", starts[start]))
        done = end
    pieces.append(("markdown", "\n".join(lines[done:])))
    return [(kind, value) for kind, value in pieces if kind == "quote" or value.strip()]


def with_body(
    text: Callable[[str], str],
    raw: str,
    title: str,
    starts: dict[int, str],
    quotes: list[dict[str, Any]],
) -> dict[str, Any]:
    """The parts of a note page's context that its body (`raw`, its Markdown as read)
    makes: `body`, and for the HTML page its Markdown with each quote, where it stands
    (`starts`: line offset in the body → anchor), replaced by a slot (`marked_body`, see
    text.QUOTE_SLOT) for the quote highlighted (`placed`, in slot order), and the
    quotes that could not be placed in it (`unplaced`). One Markdown text per note,
    rendered in one go. `text` is how the page shows workspace text (masked or not)."""
    by_anchor = {q["anchor"]: q for q in quotes}
    key = slot_key(raw)
    chunks: list[str] = []
    placed: list[dict[str, Any]] = []
    for kind, value in split_at_quotes(raw, starts):
        if kind == "quote":
            chunks.append(QUOTE_SLOT.format(key=key, n=len(placed)))
            placed.append(by_anchor[value])
        else:
            # The text between the slots is masked, never a slot: its key is hex
            # digits, which the phone matcher read as a number in about one note in
            # sixteen, and the quotes were lost from the page.
            chunks.append(text(value))
    marked = page_body("\n\n".join(chunks), title)
    done = {q["anchor"] for q in placed}
    return {
        "body": page_body(text(raw), title),
        "marked_body": marked,
        "slot_key": key,
        "placed": placed,
        "unplaced": [q for q in quotes if q["anchor"] not in done],
    }
