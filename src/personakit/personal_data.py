"""Finding personal data in text: e-mail addresses, phone numbers and listed real names.

One place, shared by lint's PK301 (which reports them) and `render --public` (which
masks them), so that what lint lets through is exactly what a public site shows.

Quotes are workspace text, so every pattern here runs in linear time: the e-mail
pattern cannot backtrack (possessive quantifiers, and a look-behind that lets a match
start only at the beginning of a run of address characters), and phone numbers are
found by the `phonenumbers` library's matcher rather than by a regular expression.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache, lru_cache

DEFAULT_REGION = "US"

# local@domain, where the domain may be a single label (`jane@localhost`). Each `++`
# and `*+` gives back nothing once matched, and the look-behind refuses to start
# inside a run of local-part characters, so a long run without an "@" costs one pass.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)*+")

# Five digits close together: no phone number has fewer, and most quotes (dates,
# counts, ticket numbers) never reach the slower matcher. Each try is bounded, so
# the search is linear.
_DIGITS_NEAR = re.compile(r"\d(?:\D{0,4}\d){4}")


def emails(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each e-mail address in `text`."""
    if "@" not in text:
        return
    for match in EMAIL_RE.finditer(text):
        yield match.start(), match.end()


def phones(text: str, region: str = DEFAULT_REGION) -> Iterator[tuple[int, int]]:
    """(start, end) of each phone number in `text`: national numbers of `region`, and
    international ones written with their `+` country code."""
    if not _DIGITS_NEAR.search(text):
        return
    import phonenumbers

    # POSSIBLE, not VALID: a number with an unassigned area code (555) is still
    # someone's number as far as a published quote is concerned.
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=len(text) + 1
    )
    for match in matcher:
        yield match.start, match.end


# Between the words of a listed name: any run of spaces and line breaks, and the `>`
# of a blockquote's next line ("Jane\n> Smith" in a note's Markdown is "Jane Smith").
_NAME_GAP = r"(?:\s+(?:>\s*)*)"


@cache
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True)
    if not words:
        return None
    spelled = (_NAME_GAP.join(re.escape(part) for part in w.split(" ")) for w in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(spelled) + r")(?!\w)", re.IGNORECASE)


def listed_name(found: str, names: list[str] | tuple[str, ...]) -> str:
    """The listed name that `found` (as it was written in the text) is."""
    said = " ".join(found.replace(">", " ").split()).lower()
    return next((n for n in names if " ".join(n.split()).lower() == said), found)


def names_in(text: str, names: list[str] | tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    """(start, end, matched text) of each listed real name, as a whole word, any case."""
    pattern = _name_pattern(tuple(names))
    if pattern is None:
        return
    for match in pattern.finditer(text):
        yield match.start(), match.end(), match.group()


def find(
    text: str, names: list[str] | tuple[str, ...] = (), region: str = DEFAULT_REGION
) -> str | None:
    """What kind of personal data `text` holds, if any (for a finding's message)."""
    # The cheap tests first, inline: lint asks this of every quote of every note.
    if "@" in text and EMAIL_RE.search(text) is not None:
        return "an e-mail address"
    if _DIGITS_NEAR.search(text) is not None and next(phones(text, region), None) is not None:
        return "a phone number"
    pattern = _name_pattern(tuple(names)) if names else None
    found = pattern.search(text) if pattern is not None else None
    if found is not None:
        return f"the real name {listed_name(found.group(), names)!r}"
    return None


def looks_like_full_name(text: str) -> bool:
    """Whether `text` has two capitalised words in a row ("Jane Smith", "José Álvarez"):
    how a real name is written, and no participant code (P07, C-204) is."""
    words = text.split()
    for first, second in itertools.pairwise(words):
        if _capitalised(first) and _capitalised(second):
            return True
    return False


def _capitalised(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) > 1 and letters.isalpha() and letters[0].isupper() and letters[1:].islower()


def mask(text: str, names: list[str] | tuple[str, ...] = (), region: str = DEFAULT_REGION) -> str:
    """`text` with e-mail addresses, phone numbers and listed names replaced by
    `[email]`, `[phone]` and `[name]`."""
    spans: list[tuple[int, int, str]] = [(s, e, "[email]") for s, e in emails(text)]
    text = _replace(text, spans)
    text = _replace(text, [(s, e, "[phone]") for s, e in phones(text, region)])
    return _replace(text, [(s, e, "[name]") for s, e, _ in names_in(text, names)])


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    if not spans:
        return text
    parts = []
    last = 0
    for start, end, placeholder in sorted(spans):
        if start < last:
            continue
        parts.append(text[last:start])
        parts.append(placeholder)
        last = end
    parts.append(text[last:])
    return "".join(parts)


# A process that lints again and again holds the notes' texts between lints, and a
# lint entry asks again about a note edited since (lint_delta.py): the answers depend
# on nothing but the arguments.
@lru_cache(maxsize=1 << 14)
def prose_findings(text: str, names: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """E-mail addresses and listed names in a note's lines outside blockquotes, for rule
    PK301 (a quote is checked as a quote; phone numbers are left to quotes: looking for
    them in every dated line of ten thousand notes costs seconds): one (line, what) per
    line."""
    if "@" not in text and not names:
        return ()
    hits: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip(" ")[:1] == ">":
            continue
        what = None
        if "@" in line and next(emails(line), None) is not None:
            what = "an e-mail address"
        elif names:
            found = next(names_in(line, list(names)), None)
            if found is not None:
                what = f"the real name {listed_name(found[2], names)!r}"
        if what:
            hits.append((number, what))
    return tuple(hits)
