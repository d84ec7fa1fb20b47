"""What a file with a parse or schema problem still contributes: its valid part.

A typo in one field must not make the whole file disappear, or everything that refers
to it turns into false findings elsewhere. The file's own PK001/PK002 finding says
what is wrong; the rest of it is read here, and what could not be read is named so
that evidence never counts on a stand-in value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from ..model import CLAIM_SECTIONS, NoteKind, NoteMeta, Persona

# Stand-ins for required note fields that could not be read; `Note.unread` names them,
# and nothing counts, dates or groups by them.
_NOTE_STAND_INS: dict[str, Any] = {
    "date": dt.date.min,
    "kind": NoteKind.observation,
    "participant": "?",
}
_REQUIRED_NOTE_FIELDS = frozenset(_NOTE_STAND_INS)
# Rounds of leaving out what fails: each round leaves out at least one more field.
_ROUNDS = 20


def error_fields(exc: ValidationError) -> set[str] | None:
    """The top-level fields a validation error is about; None when it is about the
    document as a whole."""
    fields: set[str] = set()
    for err in exc.errors(include_url=False):
        if not err["loc"]:
            return None
        fields.add(str(err["loc"][0]))
    return fields


def partial_note_meta(
    data: dict[str, Any], unread: Iterable[str]
) -> tuple[NoteMeta, frozenset[str]]:
    """Front matter with the fields in `unread` (and any other that fails) left out,
    stand-ins for required ones; returns it with every field that was not read."""
    left_out = set(unread)
    for _ in range(_ROUNDS):
        good = {k: v for k, v in data.items() if k not in left_out}
        stand_ins = {k: v for k, v in _NOTE_STAND_INS.items() if k not in good}
        try:
            meta = NoteMeta.model_validate({**stand_ins, **good})
        except ValidationError as exc:
            fields = error_fields(exc)
            if not fields or fields <= left_out:
                break
            left_out |= fields
            continue
        return meta, frozenset(left_out | set(stand_ins))
    return NoteMeta.model_validate(_NOTE_STAND_INS), frozenset(
        left_out | set(NoteMeta.model_fields) | set(data)
    )


def partial_persona(
    persona_id: str, data: dict[str, Any], exc: ValidationError
) -> tuple[Persona, dict[str, list[Any]]] | None:
    """A persona card with the claims, journey cells and fields that fail left out.

    Returns the card and, per claim section (and `journey`), the index or key each
    kept entry had in the file, so that positions still point at the right lines.
    None when nothing sensible is left (the document as a whole is wrong).
    """
    # Pydantic reports every error at once, so one pass finds all there is to leave out.
    dropped: dict[str, set[Any]] = {}
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        if not loc:
            return None
        head = str(loc[0])
        if head in (*CLAIM_SECTIONS, "journey") and len(loc) > 1:
            dropped.setdefault(head, set()).add(loc[1])
        else:
            dropped.setdefault("", set()).add(head)
    trimmed, kept = _trim(persona_id, data, dropped)
    try:
        return Persona.model_validate(trimmed), kept
    except ValidationError:
        return None


def _trim(
    persona_id: str, data: dict[str, Any], dropped: dict[str, set[Any]]
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    fields = dropped.get("", set())
    trimmed = {k: v for k, v in data.items() if k not in fields}
    # A card without these is no card; stand-ins keep its claims readable.
    trimmed.setdefault("name", persona_id)
    trimmed.setdefault("role", "")
    trimmed.setdefault("priority", "not-targeted")
    kept: dict[str, list[Any]] = {}
    for section in (*CLAIM_SECTIONS, "journey"):
        value = trimmed.get(section)
        gone = dropped.get(section, set())
        if section == "journey" and isinstance(value, dict):
            kept[section] = [k for k in value if k not in gone]
            trimmed[section] = {k: value[k] for k in kept[section]}
        elif isinstance(value, list):
            kept[section] = [i for i in range(len(value)) if i not in gone]
            trimmed[section] = [value[i] for i in kept[section]]
    return trimmed, kept
