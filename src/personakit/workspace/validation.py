"""Pydantic validation errors → one message per problem, at the right line and column."""

from __future__ import annotations

from pydantic import ValidationError

from ..model.formats import COUNT_KINDS
from .loader import DataPath, YamlDoc


def _dotted(loc: DataPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe_errors(exc: ValidationError, doc: YamlDoc) -> list[tuple[int, int, str]]:
    """(line, column, message) for each distinct problem, in document order."""
    seen: set[DataPath] = set()
    out: list[tuple[int, int, str]] = []
    for err in exc.errors(include_url=False):
        # A count's kind (tag or data) is in pydantic's location, not in the file.
        loc: DataPath = tuple(p for p in err["loc"] if p not in COUNT_KINDS)
        if loc in seen:
            continue
        seen.add(loc)
        kind = err["type"]
        where = _dotted(loc[:-1])
        field = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            message = f"unknown field {field!r}" + (f" in {where}" if where else "")
        elif kind == "missing":
            line, col = doc.position(loc[:-1])
            message = f"missing required field {field!r}" + (f" in {where}" if where else "")
        else:
            line, col = doc.position(loc)
            reason = err["msg"].removeprefix("Value error, ")
            if kind == "enum" and "expected" in err.get("ctx", {}):
                reason = f"must be one of {err['ctx']['expected']} (got {err['input']!r})"
            elif kind == "string_pattern_mismatch":
                reason = f"{err['input']!r} is not a valid id (letters, digits, '-', '_', '.')"
            message = f"{_dotted(loc)}: {reason}" if loc else reason
        out.append((line, col, message))
    out.sort()
    return out
