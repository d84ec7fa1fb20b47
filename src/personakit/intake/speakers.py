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
from pathlib import Path

from ..errors import WorkspaceError

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
_NUMBERED = re.compile(r"P(\d+)", re.IGNORECASE)
_TEAM = re.compile(r"I\d+")  # the team's side: `I1`, `I2`, kept so in a names map
# Words of a speaker's label that are no one's name ("Speaker 1", "Guest").
_GENERIC = {
    "speaker", "interviewer", "interviewee", "participant", "unknown", "guest", "host",
    "moderator", "customer", "user", "team", "me", "you",
}  # fmt: skip
MAX_NAMES_MAP = 1024 * 1024
_ESCAPE = "\\"  # before a names-map name that would not read back as itself
AMBIGUOUS = "[name]"  # what a name two speakers share becomes (as `--public` masks one)


def key(name: str) -> str:
    """How speaker names are compared: whitespace folded, case ignored. Lowered, not
    case-folded: a names map keeps this form, and its name must still be spelled as
    the text spells it (case-folding writes `Weiß` as `weiss`, and the text's `Weiß`
    would no longer be found)."""
    return " ".join(name.split()).lower()


def parse_pairs(values: list[str], flag: str, shown: str | None = None) -> dict[str, str]:
    """`NAME=CODE` pairs (from `--speaker` or a names-map file) as {key(name): code}."""
    pairs: dict[str, str] = {}
    for index, value in enumerate(values, start=1):
        name, sep, code = value.rpartition("=")
        name, code = name.strip(), code.strip()
        where = f"{flag} {value!r}" if shown is None else flag
        if not sep or not name or not CODE_RE.fullmatch(code):
            raise WorkspaceError(
                f"{where}: expected NAME=CODE, the code letters, digits, '-' or '_' "
                "(such as 'Jane Doe=P07')",
                shown,
                index if shown is not None else None,
            )
        pairs[key(name)] = code
    return pairs


def read_names_map(path: Path) -> dict[str, str]:
    """The `NAME=CODE` lines of an existing names-map file (none when there is none)."""
    shown = str(path)
    try:
        data = path.read_bytes()[: MAX_NAMES_MAP + 1]
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > MAX_NAMES_MAP:
        raise WorkspaceError("is larger than 1 MiB: not a names map", shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkspaceError("is not UTF-8: not a names map", shown) from None
    lines = text.splitlines()
    pairs: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            line = line[1:] if line.startswith(_ESCAPE) else line
            pairs.update(parse_pairs([line], "expected", shown=f"{shown}:{number}"))
    return pairs


def names_map_line(name: str, code: str) -> str:
    """One `NAME=CODE` line of a names map, read back by `read_names_map` as this name:
    a name starting with `#` would read as a comment (and its person get a new code),
    so it, and one starting with the backslash that marks it, gets a backslash first."""
    return f"{_ESCAPE if name.startswith(('#', _ESCAPE)) else ''}{name}={code}"


def add_speakers(mapped: dict[str, str], values: list[str], names_map: Path | None) -> None:
    """Add `--speaker NAME=CODE` pairs to `mapped` (the names map's). A code that two
    people would share is refused, naming both: their notes would count as one
    participant's. The same person given the same code again is no conflict."""
    given = parse_pairs(values, "--speaker")
    shown = {key(v.rpartition("=")[0]): " ".join(v.rpartition("=")[0].split()) for v in values}
    holders: dict[str, tuple[str, str]] = {}  # code (lower case) -> (key, name as shown)
    for name, code in given.items():
        other = holders.get(code.lower())
        if other is not None:
            raise WorkspaceError(
                f"--speaker gives {code} to both {other[1]!r} and {shown[name]!r}: two "
                "people cannot share a participant code"
            )
        holders[code.lower()] = (name, shown[name])
        if mapped.get(name) == code:
            continue
        taker = next(
            (n for n, c in mapped.items() if c.lower() == code.lower() and n != name), None
        )
        if taker is not None:
            raise WorkspaceError(
                f"--speaker '{shown[name]}={code}': {code} is already {taker!r} in the names "
                "map; two people cannot share a participant code",
                str(names_map) if names_map is not None else None,
            )
    mapped.update(given)


@dataclass
class Pseudonyms:
    """Who is who: each speaker's code, and which codes are the team's side."""

    codes: dict[str, str] = field(default_factory=dict)  # key(name) -> code
    labels: dict[str, str] = field(default_factory=dict)  # key(name) -> name as written
    interviewers: set[str] = field(default_factory=set)  # codes of the team's side
    new: dict[str, str] = field(default_factory=dict)  # names given a code by this run

    def code(self, speaker: str) -> str:
        """The code of a speaker named in the turns."""
        return self.codes[key(speaker)]

    def participants(self, speakers: list[str]) -> list[str]:
        """The codes of those of `speakers` who are not the team's side, in order."""
        codes = [self.code(s) for s in speakers]
        return list(dict.fromkeys(c for c in codes if c not in self.interviewers))


def assign(
    speakers: list[str],
    mapped: dict[str, str],
    interviewers: list[str],
    taken: set[str],
) -> Pseudonyms:
    """Give every speaker a code: mapped ones theirs, interviewers `I1`, `I2`... in the
    order given (unless mapped), everyone else the next free `Pnn`, above every
    participant code in `taken` (the workspace's) and in `mapped`."""
    result = Pseudonyms()
    for name, code in mapped.items():
        result.codes[name] = code
        result.labels[name] = name
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
        result.labels[name] = " ".join(given.split())
        result.interviewers.add(code)
        if name not in mapped:
            result.new[result.labels[name]] = code
    numbers = [int(m.group(1)) for c in (*taken, *mapped.values()) if (m := _NUMBERED.fullmatch(c))]
    next_number = max(numbers, default=0) + 1
    for speaker in speakers:
        name = key(speaker)
        if speaker.strip():
            result.labels[name] = " ".join(speaker.split())
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
        for spelling in spellings(pseudonyms.labels.get(name, name), code):
            # A first or last name two speakers share names neither for sure: it is
            # masked rather than given to the wrong one.
            codes[spelling] = AMBIGUOUS if codes.get(spelling, code) != code else code
    if not codes:
        return Replacer(None, {})
    longest_first = sorted(codes, key=len, reverse=True)
    alternatives = "|".join(re.escape(s) for s in longest_first)
    pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
    return Replacer(pattern, codes)


def spellings(speaker: str, code: str) -> list[str]:
    """Every spelling of a speaker's names that `replacer` replaces."""
    found: dict[str, None] = {}
    for word in name_words(speaker, code):
        # A label in capitals (`SAM LEE`) is also looked for as a name is written in
        # prose (`Sam`).
        found |= dict.fromkeys((word, _title(word), word.upper(), _title(word.lower())))
    return list(found)


def _title(name: str) -> str:
    """`jane doe` → `Jane Doe`, leaving letters after the first of each word alone when
    the word has capitals of its own (`McDonald`)."""
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in name.split())
