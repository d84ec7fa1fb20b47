"""What a fix is: replacements of scalar values at known places in a YAML file.

Rules build fixes from the positions the loader kept (`YamlDoc.scalar`); nothing here
reads or writes a file (that is `fix.apply`). A fix replaces only the characters of
the values it changes, so comments, key order, flow or block style and every other
byte of the file stay as they were.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.documents import ClaimEntry
    from ..model.positions import DataPath, Position, YamlDoc

# Characters a YAML double-quoted scalar must not hold raw: DEL and C1 controls (NEL is
# a line break to YAML 1.1) and the Unicode line and paragraph separators.
_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")
# Text that stays a plain (unquoted) scalar where the original was plain: citations
# and simple words. Anything else is quoted; the re-read after the edit checks both.
_PLAIN = re.compile(r"[A-Za-z][\w.#:/-]*")


# Plain words YAML reads as something other than a string.
_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "nan", "inf"})


@dataclass(frozen=True)
class Edit:
    """One scalar replaced: where its text stands, the value it must load as
    afterwards (checked by re-reading the file), and the YAML text written."""

    data_path: DataPath
    start: Position
    end: Position
    value: Any
    text: str


@dataclass(frozen=True)
class Fix:
    """The edits that repair one finding, in one file; `safe` ones `--fix` applies,
    the others only `--unsafe-fixes` (a person must look at the result)."""

    path: str
    edits: tuple[Edit, ...]
    safe: bool
    summary: str  # what changes, for people: "n: 5 -> 2"


def yaml_scalar(value: str | int, style: str) -> str:
    """`value` written as a YAML scalar, in the original's quoting style where it can be."""
    if isinstance(value, int):
        return str(value)
    if style == "" and _PLAIN.fullmatch(value) and value.lower() not in _WORDS:
        return value
    if style == "'" and not _RAW.search(value) and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    # JSON's string syntax is a subset of YAML's double-quoted one.
    text = json.dumps(value, ensure_ascii=False)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def replace_values(
    doc: YamlDoc, path: str, changes: dict[DataPath, str | int], *, safe: bool, summary: str
) -> Fix | None:
    """A fix setting each data path of `doc` (the file at `path`) to its new value, or
    None when a value is not a plain or quoted scalar (a block scalar is left alone)."""
    edits = []
    for data_path, value in changes.items():
        spot = doc.scalar(data_path)
        if spot is None or spot.style in ("|", ">"):
            return None
        edits.append(Edit(data_path, spot.start, spot.end, value, yaml_scalar(value, spot.style)))
    return Fix(path, tuple(edits), safe, summary) if edits else None


def count_fix(
    entry: ClaimEntry, n: int, of: int, new_n: int | None, new_of: int | None
) -> Fix | None:
    """A safe fix setting a claim's stated count to the recomputed numbers (none when
    nothing was recomputed, or when `of` would be an impossible 0)."""
    if new_n is None or not new_of:
        return None
    changes: dict[DataPath, str | int] = {}
    if n != new_n:
        changes[(*entry.loc, "count", "n")] = new_n
    if of != new_of:
        changes[(*entry.loc, "count", "of")] = new_of
    summary = f"count {n} of {of} -> {new_n} of {new_of}"
    return replace_values(entry.doc, entry.path, changes, safe=True, summary=summary)
