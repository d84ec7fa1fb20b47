"""Speakers' names turned into participant codes, in the turns and in the text.

Real names never reach the workspace: each speaker gets a code (`--speaker "Jane
Doe=P07"`, else the next free `Pnn`; `--interviewer` names the team's side, coded
`I1`, `I2`, and a code of that shape is always the team's side), and every mapped
speaker's full name, first name and last name in what anyone said is replaced by that
speaker's code. The mapping can be kept in a file
outside the workspace (`--names-map`), so that the same person keeps the same code
from one import to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .names_map import NamesMap

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_NUMBERED = re.compile(r"P(\d+)", re.IGNORECASE)
_TEAM = re.compile(r"I\d+")  # the team's side: `I1`, `I2`, kept so in a names map
# Words of a speaker's label that are no one's name ("Speaker 1", "Guest").
_GENERIC = {
    "speaker", "interviewer", "interviewee", "participant", "unknown", "guest", "host",
    "moderator", "customer", "user", "team", "me", "you",
}  # fmt: skip
AMBIGUOUS = "[name]"  # what a name two speakers share becomes (as `--public` masks one)


def key(name: str) -> str:
    """How speaker names are compared: whitespace folded, case ignored. Lowered, not
    case-folded: earlier names maps hold every name in this form (`weiß`), and
    case-folding would make it another name (`weiss`)."""
    return " ".join(name.split()).lower()


@dataclass
class Pseudonyms:
    """Who is who: each speaker's code, and which codes are the team's side."""

    codes: dict[str, str] = field(default_factory=dict)  # key(name) -> code
    # key(name) -> the name as each source writes it (the names map, the flags, the
    # file), every one replaced in the text.
    names: dict[str, list[str]] = field(default_factory=dict)
    interviewers: set[str] = field(default_factory=set)  # codes of the team's side
    new: dict[str, str] = field(default_factory=dict)  # names given a code by this run

    def code(self, speaker: str) -> str:
        """The code of a speaker named in the turns."""
        return self.codes[key(speaker)]

    def participants(self, speakers: list[str]) -> list[str]:
        """The codes of those of `speakers` who are not the team's side, in order."""
        codes = [self.code(s) for s in speakers]
        return list(dict.fromkeys(c for c in codes if c not in self.interviewers))

    def spelled(self, name: str) -> str:
        """Keep `name` (as written) as a spelling of its speaker; returns it."""
        spelled = " ".join(name.split())
        known = self.names.setdefault(key(name), [])
        if spelled and spelled not in known:
            known.append(spelled)
        return spelled


def assign(
    speakers: list[str],
    mapped: NamesMap,
    interviewers: list[str],
    taken: set[str],
) -> Pseudonyms:
    """Give every speaker a code: mapped ones theirs, interviewers `I1`, `I2`... in the
    order given (unless mapped), everyone else the next free `Pnn`, above every
    participant code in `taken` (the workspace's) and in `mapped`."""
    result = Pseudonyms()
    for name, code in mapped.items():
        result.codes[name] = code
        result.names[name] = [mapped.label(name)]
        if _TEAM.fullmatch(code):
            result.interviewers.add(code)
    team = {c for c in mapped.values() if _TEAM.fullmatch(c)}
    for given in interviewers:
        name = key(given)
        code = mapped.get(name, "")
        if not code:
            code = next(f"I{i}" for i in range(1, len(team) + 2) if f"I{i}" not in team)
            team.add(code)
        result.codes[name] = code
        label = result.spelled(given)
        result.interviewers.add(code)
        if name not in mapped:
            result.new[label] = code
    numbers = [int(m.group(1)) for c in (*taken, *mapped.values()) if (m := _NUMBERED.fullmatch(c))]
    next_number = max(numbers, default=0) + 1
    for speaker in speakers:
        name = key(speaker)
        result.spelled(speaker)
        if name in result.codes:
            continue
        code = f"P{next_number:02d}"
        next_number += 1
        result.codes[name] = code
        if speaker:
            result.new[speaker] = code
    return result


def name_words(speaker: str, code: str) -> list[str]:
    """The spellings of a speaker's name to replace: the full name, then each part
    that could be a first or last name."""
    full = " ".join(speaker.split())
    if not full or full == code or full.startswith("\0"):  # "\0...": no one named
        return []
    words = [full]
    parts = full.split()
    if len(parts) > 1:
        for part in parts:
            bare = part.strip(".,'’")
            if len(bare) > 1 and any(c.isalpha() for c in bare) and bare.lower() not in _GENERIC:
                words.append(bare)
    return words


@dataclass
class Replacer:
    """Replaces every mapped speaker's names in text by their codes."""

    pattern: re.Pattern[str] | None
    codes: dict[str, str]  # spelling -> code

    def __call__(self, text: str) -> str:
        """`text` with each name replaced by its speaker's code."""
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.codes[m.group()], text)


def replacer(pseudonyms: Pseudonyms) -> Replacer:
    """A `Replacer` for the speakers of `pseudonyms` (full names first, so that "Jane
    Doe" becomes one code and not two). Names match as whole words, as written, in
    title case or in capitals: in any case, a first name such as Will or Rose would
    also take the ordinary word and change what was said."""
    codes: dict[str, str] = {}
    for name, code in pseudonyms.codes.items():
        for label in pseudonyms.names.get(name, []):
            for spelling in spellings(label, code):
                # A first or last name two speakers share names neither for sure: it
                # is masked rather than given to the wrong one.
                codes[spelling] = AMBIGUOUS if codes.get(spelling, code) != code else code
    if not codes:
        return Replacer(None, {})
    longest_first = sorted(codes, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in longest_first)
    pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
    return Replacer(pattern, codes)


def spellings(speaker: str, code: str) -> list[str]:
    """Every spelling of a speaker's names that `replacer` replaces: as written, in
    title case and in capitals. A name or part in lower case only (`will`, the `van` of
    `Ludwig van Beethoven`, a name an earlier names map lowered) is not looked for as
    written: that is the ordinary word, and what was said would change."""
    found: dict[str, None] = {}
    for word in name_words(speaker, code):
        # A label in capitals (`SAM LEE`, `MARY-JANE`) is also looked for as a name is
        # written in prose (`Sam`, `Mary-Jane`, and `Mary-jane` as `capitalize` has it).
        lower = word.lower()
        forms = (word, _title(word), word.upper(), _title(lower), title_case(lower))
        found |= dict.fromkeys(f for f in forms if not lowered(f))
    return list(found)


def lowered(name: str) -> bool:
    """Whether `name` has letters in lower case and none in capitals."""
    return name == name.lower() and name != name.upper()


def _title(name: str) -> str:
    """`jane doe` → `Jane Doe`, leaving letters after the first of each word alone when
    the word has capitals of its own (`McDonald`)."""
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in name.split())


# A letter starting a name or a part of one: after a space, a hyphen or an apostrophe.
_PART_START = re.compile(r"(?:^|(?<=[\s'’-]))\w")


def title_case(name: str) -> str:
    """`mary-jane o'brien` → `Mary-Jane O'Brien`: every part of a name capitalised."""
    return _PART_START.sub(lambda m: m.group().title(), name)
