"""Pydantic validation errors → one message per problem, at the right line and column.

An unknown field or enum value gets the closest known ones (`did you mean 'quotes'?`),
found by walking the model's types along the error's location; only the failing
file pays for that.
"""

from __future__ import annotations

import enum
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError

from ..model.formats import COUNT_KINDS
from ..model.names import UnknownName
from ..model.records import Problem
from ..suggest import hint
from .loader import DataPath, YamlDoc

SCHEMA = "PK002"


def _dotted(loc: DataPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _types_at(tp: Any, loc: tuple[Any, ...]) -> list[Any]:
    """The types a value at `loc` inside a value of type `tp` may have (empty: unknown).

    `loc` is pydantic's, so a tagged union's member is named in it (`'tag count'`).
    """
    origin = get_origin(tp)
    if origin is Annotated:
        return _types_at(get_args(tp)[0], loc)
    if origin is Union or origin is types.UnionType:
        members = get_args(tp)
        if loc and isinstance(loc[0], str):
            for member in members:
                tags = [m.tag for m in get_args(member)[1:] if isinstance(m, Tag)]
                if get_origin(member) is Annotated and loc[0] in tags:
                    return _types_at(member, loc[1:])
        return [t for member in members for t in _types_at(member, loc)]
    if not loc:
        return [tp]
    head, rest = loc[0], loc[1:]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(head) if isinstance(head, str) else None
        return _types_at(field.annotation, rest) if field is not None else []
    args = get_args(tp)
    if origin in (list, tuple, set, frozenset) and args and isinstance(head, int):
        return _types_at(args[0], rest)
    if origin is dict and len(args) == 2:
        return _types_at(args[1], rest)
    return []


def _known_fields(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The fields a mapping at `loc` may hold."""
    found: list[str] = []
    for tp in _types_at(model, loc) if model is not None else ():
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found += list(tp.model_fields)
    return found


def _known_values(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The values an enum (or literal) at `loc` may take."""
    found: list[str] = []
    for tp in _types_at(model, loc) if model is not None else ():
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            found += [str(member.value) for member in tp]
        elif get_origin(tp) is Literal:
            found += [str(arg) for arg in get_args(tp)]
    return found


def describe_errors(
    exc: ValidationError, doc: YamlDoc, model: type[BaseModel] | None = None
) -> list[tuple[int, int, str]]:
    """(line, column, message) for each distinct problem, in document order; with the
    `model` validated, unknown fields and enum values say which known ones are close."""
    seen: set[DataPath] = set()
    out: list[tuple[int, int, str]] = []
    for err in exc.errors(include_url=False):
        # A count's kind (tag or data) is in pydantic's location, not in the file.
        loc: DataPath = tuple(p for p in err["loc"] if p not in COUNT_KINDS)
        if loc in seen:
            continue
        seen.add(loc)
        full: tuple[Any, ...] = tuple(err["loc"])  # with the count's kind, to walk the types
        kind = err["type"]
        where = _dotted(loc[:-1])
        field = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            message = f"unknown field {field!r}" + (f" in {where}" if where else "")
            message += hint(str(field), _known_fields(model, full[:-1]))
        elif kind == "missing":
            line, col = doc.position(loc[:-1])
            message = f"missing required field {field!r}" + (f" in {where}" if where else "")
        else:
            line, col = doc.position(loc)
            reason = err["msg"].removeprefix("Value error, ")
            if kind == "enum" and "expected" in err.get("ctx", {}):
                reason = f"must be one of {err['ctx']['expected']} (got {err['input']!r})"
                reason += hint(str(err["input"]), _known_values(model, full))
            elif kind == "string_pattern_mismatch":
                reason = f"{err['input']!r} is not a valid id (letters, digits, '-', '_', '.')"
            elif isinstance(err.get("ctx", {}).get("error"), UnknownName):
                unknown = err["ctx"]["error"]
                reason += hint(unknown.name, unknown.known)
            message = f"{_dotted(loc)}: {reason}" if loc else reason
        out.append((line, col, message))
    out.sort()
    return out


def validate_doc(
    model: type[BaseModel],
    rel: str,
    doc: YamlDoc,
    what: str,
    problems: list[tuple[str, Problem]],
) -> tuple[Any, ValidationError | None]:
    """The validated document, or None and the error (None too when the document is
    not a mapping); each problem goes to `problems` as a PK002."""
    data = doc.data
    if not isinstance(data, dict):
        problems.append((SCHEMA, Problem(rel, 1, 1, f"a {what} must be a mapping of fields")))
        return None, None
    try:
        return model.model_validate(data), None
    except ValidationError as exc:
        for line, col, message in describe_errors(exc, doc, model):
            problems.append((SCHEMA, Problem(rel, line, col, message)))
        return None, exc
