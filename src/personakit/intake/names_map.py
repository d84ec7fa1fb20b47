"""The names map: speakers' real names and their participant codes, kept in a file
outside the workspace (`--names-map`) so that one person keeps one code from one
import to the next.

A name is compared by `speakers.key` (case ignored) but kept as it was written: the
text is searched for it as written, in title case and in capitals, never in any case,
so a name that is an ordinary word too (Will, Rose) cannot take the word with it.
Earlier versions wrote every name lowered; `speakers.spellings` looks for such a name
only in the title case and capitals made from it, and the map keeps it as written once
an import sees it written with capitals.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkspaceError
from .speakers import CODE_RE, key, lowered

MAX_NAMES_MAP = 1024 * 1024
_ESCAPE = "\\"  # before a names-map name that would not read back as itself


class NamesMap(dict[str, str]):
    """key(name) -> code, and each name as written (`written`, key(name) -> name)."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, str] = {}

    def add(self, name: str, code: str) -> None:
        """Give `name` the code `code`, keeping the name as written."""
        self[key(name)] = code
        self.learn(name)

    def learn(self, name: str) -> None:
        """Keep `name` as written when the map has no spelling of it with capitals (a
        lowered one cannot say which capitals the name has: `mcdonald`)."""
        spelled = " ".join(name.split())
        known = self.written.get(key(name))
        if key(name) in self and (known is None or (lowered(known) and not lowered(spelled))):
            self.written[key(name)] = spelled

    def label(self, name: str) -> str:
        """The name of key `name` as written."""
        return self.written.get(name, name)

    def lines(self) -> list[str]:
        """The map's `NAME=CODE` lines, by code; documents' placeholders left out."""
        pairs = sorted(((n, c) for n, c in self.items() if "\0" not in n), key=lambda kv: kv[1])
        return [names_map_line(self.written.get(n, n), c) for n, c in pairs]


def parse_pairs(values: list[str], flag: str, shown: str | None = None) -> NamesMap:
    """`NAME=CODE` pairs (from `--speaker` or a names-map file)."""
    pairs = NamesMap()
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
        pairs.add(name, code)
    return pairs


def read_names_map(path: Path) -> NamesMap:
    """The `NAME=CODE` lines of an existing names-map file (none when there is none)."""
    shown = str(path)
    try:
        data = path.read_bytes()[: MAX_NAMES_MAP + 1]
    except FileNotFoundError:
        return NamesMap()
    except OSError as exc:
        raise WorkspaceError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > MAX_NAMES_MAP:
        raise WorkspaceError("is larger than 1 MiB: not a names map", shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkspaceError("is not UTF-8: not a names map", shown) from None
    pairs = NamesMap()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            line = line[1:] if line.startswith(_ESCAPE) else line
            read = parse_pairs([line], "expected", shown=f"{shown}:{number}")
            pairs.update(read)
            pairs.written.update(read.written)
    return pairs


def names_map_line(name: str, code: str) -> str:
    """One `NAME=CODE` line of a names map, read back by `read_names_map` as this name:
    a name starting with `#` would read as a comment (and its person get a new code),
    so it, and one starting with the backslash that marks it, gets a backslash first."""
    return f"{_ESCAPE if name.startswith(('#', _ESCAPE)) else ''}{name}={code}"


def add_speakers(mapped: NamesMap, values: list[str], names_map: Path | None) -> None:
    """Add `--speaker NAME=CODE` pairs to `mapped` (the names map's). A code that two
    people would share is refused, naming both: their notes would count as one
    participant's. The same person given the same code again is no conflict."""
    given = parse_pairs(values, "--speaker")
    holders: dict[str, str] = {}  # code (lower case) -> key
    for name, code in given.items():
        shown = given.written[name]
        other = holders.get(code.lower())
        if other is not None:
            raise WorkspaceError(
                f"--speaker gives {code} to both {given.written[other]!r} and {shown!r}: "
                "two people cannot share a participant code"
            )
        holders[code.lower()] = name
        if mapped.get(name) == code:
            continue
        taker = next(
            (n for n, c in mapped.items() if c.lower() == code.lower() and n != name), None
        )
        if taker is not None:
            raise WorkspaceError(
                f"--speaker '{shown}={code}': {code} is already {taker!r} in the names "
                "map; two people cannot share a participant code",
                str(names_map) if names_map is not None else None,
            )
    for name, code in given.items():
        mapped.add(given.written[name], code)
