"""Words for readers: a role or kind id as a plural noun (`ap-clerk` → "AP clerks"), and
a job story as one sentence ("When ..., I want to ..., so I can ...").

Ids are lower-case slugs, so the case a reader expects comes from the workspace's own
words when it has them (a persona named "AP clerk" for the role `ap-clerk`), else from
a short list of the acronyms of job titles.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Acronyms of roles and teams, written upper-case when an id holds them as a word.
ACRONYMS = _words(
    "ae ap ar bdr bi cco ceo cfo cio ciso cmo coo cs csm cto cx hr it pm qa sdr "
    "se seo sre ui ux vp "
)
_IRREGULAR = {
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "staff": "staff",
    "analysis": "analyses",
    "series": "series",
}
# Words a job story's `want` may start with that make it a thing wanted ("I want one
# list"), not something to do ("I want to merge ..."); the same words start a clause
# with its own subject after "so" ("so our team sees ...", not "so I can our team").
_NOUN_STARTS = _words(
    "a an the one two three four five six seven eight nine ten some any all every each "
    "my our your their his her its this that these those more less fewer no none "
    "nothing something everything someone everyone anyone it them us me we they he she "
    "you "
)
_WORD = re.compile(r"[A-Za-z0-9]+")


def _noun_plural(word: str) -> str:
    """One word in the plural, its case kept: clerk → clerks, CFO → CFOs, ops → ops."""
    lower = word.lower()
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
        return plural.upper() if word.isupper() and len(word) > 1 else word[0] + plural[1:]
    if word.isupper() and len(word) > 1:
        return word + "s"
    if lower.endswith("ss") or lower.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("s"):
        return word  # already plural: ops, sales, operations
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _as_written(words: list[str], texts: Iterable[str]) -> list[str] | None:
    """`words` as one of `texts` writes them (consecutive, case aside), if one does with
    some capital letter: ["ap", "clerk"] in "AP clerk" → ["AP", "clerk"]."""
    wanted = tuple(w.lower() for w in words)
    size = len(wanted)
    for text in texts:
        found, lowered = _words_of(text or "")
        for i in range(len(found) - size + 1):
            if lowered[i : i + size] == wanted and list(found[i : i + size]) != words:
                return list(found[i : i + size])
    return None


@functools.lru_cache(maxsize=4096)
def _words_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A text's words, and the same lower-cased: a render asks about the same persona
    names for every count on every page."""
    found = tuple(_WORD.findall(text))
    return found, tuple(w.lower() for w in found)


def label_words(label: str, names: Iterable[str] = ()) -> list[str]:
    """The words of an id as a reader writes them: `ap-clerk` → ["AP", "clerk"]."""
    words = [w for w in re.split(r"[-_\s]+", label.strip()) if w]
    if not words:
        return [label]
    written = _as_written(words, names)
    if written is not None:
        return written
    return [w.upper() if w.lower() in ACRONYMS else w for w in words]


def plural(label: str, names: Iterable[str] = ()) -> str:
    """An id as a plural noun: `ops-admin` → "ops admins", `ap-clerk` → "AP clerks".

    `names` are the workspace's own words (persona names, roles): where one writes the
    id's words with capitals ("AP clerk"), that case is kept.
    """
    words = label_words(label, names)
    words[-1] = _noun_plural(words[-1])
    return " ".join(words)


def _strip_lead(text: str, lead: str) -> str:
    """`text` without a leading `lead` (a regex, case-insensitive) and the comma after it."""
    return re.sub(rf"^\s*(?:{lead})\b[\s,]*", "", text, flags=re.I).strip()


def _first_word(text: str) -> str:
    match = _WORD.match(text)
    return match.group(0).lower() if match else ""


def want_phrase(want: str) -> str:
    """ "I want ..." as it reads: "to merge" and "merge" → "I want to merge", "one list"
    → "I want one list"; a repeated "I want" or "to" is said once."""
    rest = _strip_lead(want.strip().rstrip(","), r"i\s+want")
    while re.match(r"^to\s+to\b", rest, re.I):
        rest = rest[3:].lstrip()
    if re.match(r"^to\b", rest, re.I):
        return "I want to " + rest[2:].lstrip()
    first = _first_word(rest)
    if first in _NOUN_STARTS or first.isdigit():
        return "I want " + rest
    return "I want to " + rest


def so_phrase(so: str) -> str:
    """ "so ..." as it reads: "justify it" → "so I can justify it", "I close" → "so I
    close", "our team sees" → "so our team sees", "so that ..." kept."""
    rest = so.strip().rstrip(".")
    if re.match(r"^so\s+that\b", rest, re.I):
        return "so that " + _strip_lead(rest, r"so\s+that")
    rest = _strip_lead(rest, r"so")
    if re.match(r"^i\s+can\b", rest, re.I):
        return "so I can " + _strip_lead(rest, r"i\s+can")
    if re.match(r"^i\b", rest, re.I):
        return "so I " + rest[1:].lstrip()
    first = _first_word(rest)
    if first in _NOUN_STARTS or first == "that":
        return "so " + rest
    return "so I can " + rest


def job_sentence(when: str | None, want: str | None, so: str | None) -> str:
    """A job story as one sentence: `When ..., I want to ..., so I can ....`"""
    parts = []
    if when and when.strip():
        parts.append("When " + _strip_lead(when.strip().rstrip(","), r"when"))
    if want and want.strip():
        parts.append(want_phrase(want))
    if so and so.strip():
        parts.append(so_phrase(so))
    return ", ".join(parts) + "."
