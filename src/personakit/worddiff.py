"""Word-level comparison of quoted text: the closest passage of a quote to a claimed
text, and a diff that marks the words that differ (`[-old-]{+new+}`).

Words are compared the way quotes are matched (`evidence.fold`: case, typographic
quotes and whitespace folded), so a diff shows only differences that make a misquote.
The standard library's `difflib` does the matching: no dependency to install.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .evidence import fold

__all__ = ["CLOSE", "Passage", "closest_passage", "render", "unique_passage", "word_diff"]

# How alike (difflib's ratio, 0..1) a passage must be to count as "close": at 0.6 a
# claim with one word in four changed is close, a paraphrase is not.
CLOSE = 0.6
# Past this many word comparisons the quote is too long to search (hostile input):
# the message then shows the quote without a closest passage.
_MAX_WORK = 500_000
# Unchanged words kept on each side of a change when a diff is shortened.
KEEP = 4

Op = tuple[str, str]  # ("=" | "-" | "+", words)


@dataclass(frozen=True)
class Passage:
    """A run of a quote's words: its text (the quote's own spelling) and how alike it is."""

    text: str
    ratio: float
    start: int  # word index in the quote
    end: int


def _keys(words: list[str]) -> list[str]:
    return [fold(w) for w in words]


def _closest(claimed: list[str], words: list[str], offset: int = 0) -> Passage | None:
    if not claimed or not words or len(claimed) * len(words) > _MAX_WORK:
        return None
    keys = _keys(words)
    matcher = SequenceMatcher(None, claimed, keys, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    # The matched words, widened by the claimed words that did not match at either
    # end: "Everyone forgives" against "Nobody forgives" takes in "Nobody".
    start = max(blocks[0].b - blocks[0].a, 0)
    last = blocks[-1]
    end = min(last.b + last.size + (len(claimed) - last.a - last.size), len(words))
    taken = _trim(claimed, words[start:end])
    ratio = SequenceMatcher(None, claimed, _keys(taken), autojunk=False).ratio()
    return Passage(" ".join(taken), ratio, start + offset, end + offset)


def _trim(claimed: list[str], taken: list[str]) -> list[str]:
    """The passage cut to the claimed text's first and last word where those stand inside
    a longer word of the quote (`IT` in `IT.`): a substring is a verbatim quote, and the
    punctuation left out is no difference worth showing."""
    taken = list(taken)
    last, want = taken[-1], claimed[-1]
    if fold(last) != want and fold(last).startswith(want) and len(fold(last)) == len(last):
        taken[-1] = last[: len(want)]
    first, want = taken[0], claimed[0]
    if fold(first) != want and fold(first).endswith(want) and len(fold(first)) == len(first):
        taken[0] = first[len(first) - len(want) :]
    return taken


def closest_passage(claimed: str, quote: str) -> Passage | None:
    """The run of `quote`'s words most like `claimed` (None when nothing matches at all)."""
    return _closest(_keys(claimed.split()), quote.split())


def unique_passage(claimed: str, quote: str) -> Passage | None:
    """The close passage of `quote` to `claimed`, when there is exactly one: close
    (ratio >= CLOSE) and with no other close passage before or after it."""
    keys = _keys(claimed.split())
    words = quote.split()
    best = _closest(keys, words)
    if best is None or best.ratio < CLOSE:
        return None
    for other in (_closest(keys, words[: best.start]), _closest(keys, words[best.end :])):
        if other is not None and other.ratio >= CLOSE:
            return None
    return best


# Punctuation that ends a word: diffed as a token of its own, so that a word added at
# the end of a sentence reads `dashboard {+twice+}.`, not `[-dashboard.-]{+dashboard twice.+}`.
_CLOSING = ".,;:!?…\"')]\u2019\u201d"
_TRAILING = re.compile(f"^(.*?)([{re.escape(_CLOSING)}]+)$")


def _tokens(text: str) -> list[str]:
    out = []
    for word in text.split():
        match = _TRAILING.match(word)
        if match and match.group(1):
            out += [match.group(1), match.group(2)]
        else:
            out.append(word)
    return out


def _join(tokens: list[str]) -> str:
    return "".join(t if i == 0 or _attached(t) else " " + t for i, t in enumerate(tokens))


def _attached(text: str) -> bool:
    """Whether `text` starts with punctuation that belongs to the word before it."""
    return text[:1] != "" and text[0] in _CLOSING


def word_diff(old: str, new: str) -> list[Op]:
    """The words of `old` and `new` as a diff: runs kept ("="), removed ("-"), added ("+")."""
    a, b = _tokens(old), _tokens(new)
    if len(a) * len(b) > _MAX_WORK:
        return [("-", old), ("+", new)] if fold(old) != fold(new) else [("=", new)]
    ops: list[Op] = []
    matcher = SequenceMatcher(None, _keys(a), _keys(b), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("=", _join(b[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("-", _join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", _join(b[j1:j2])))
    return ops


def render(
    ops: list[Op], marks: tuple[str, str, str, str] = ("[-", "-]", "{+", "+}"), keep: int = KEEP
) -> str:
    """A diff as one line: changed words between `marks`, long unchanged runs shortened
    to `keep` words on each side of a change (a changed word is never left out)."""
    out = ""
    last = len(ops) - 1
    for i, (op, text) in enumerate(ops):
        if op == "-":
            part = f"{marks[0]}{text}{marks[1]}"
        elif op == "+":
            part = f"{marks[2]}{text}{marks[3]}"
        else:
            part = _shorten(text.split(), keep, head=i > 0, tail=i < last)
        # A replacement reads as one unit, `[-old-]{+new+}`, as in git's word diff.
        glue = " "
        if not out or (op == "+" and ops[i - 1][0] == "-") or _attached(text):
            glue = ""
        out += glue + part if part else ""
    return out


def _shorten(words: list[str], keep: int, *, head: bool, tail: bool) -> str:
    """Unchanged words: those next to a change kept (`head`: a change before them,
    `tail`: one after), the middle of a long run shown as `…`."""
    kept_head = words[:keep] if head else []
    kept_tail = words[-keep:] if tail else []
    if len(words) <= len(kept_head) + len(kept_tail) + 1 or (not head and not tail):
        return " ".join(words)
    middle = "…"
    return " ".join([*kept_head, middle, *kept_tail])
