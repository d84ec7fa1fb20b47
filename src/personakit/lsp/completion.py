"""Completion: what may be typed where the cursor stands, from the last lint's session.

Values come from the workspace (note ids and their anchors in `quotes:`, tags in a
count's `tag`, a field's values in `among`, journey steps in `step:` and `journey:`,
claim ids in `because:`, persona ids, data columns in `where:` and the like); keys
come from the file kind's JSON Schema (schemas.py). Lines and columns are 0-based
code points on LF lines; the server converts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..session import Session
from .context import Context, context
from .navigation import persona_of
from .positions import lines_of

LIMIT = 300  # items sent at most; more than this are narrowed to the typed prefix
_COLUMN_KEYS = {"where", "done_when", "scheduled_when"}  # keys are TABLE.COLUMN
_COLUMN_VALUES = {"track", "starts"}  # values are TABLE.COLUMN
_CLAIM_SECTIONS = {"jobs", "motivations", "success", "anxieties", "stalls"}
_ID = re.compile(r"^\s*(?:-\s+)?id:\s*([A-Za-z0-9][\w.-]*)\s*(?:#.*)?$")


@dataclass(frozen=True)
class Item:
    """One completion: its label, the text inserted (the label if empty), a kind word
    (field, value, reference, column) and a detail line."""

    label: str
    kind: str
    detail: str = ""
    insert: str = ""


@dataclass(frozen=True)
class Completions:
    """The items, the column where the replaced word starts, and whether the list was
    cut short (typing more asks again)."""

    items: list[Item]
    start: int
    incomplete: bool = False


def file_kind(session: Session, path: str) -> str | None:
    """persona, journey, note, decision or config: which format `path` holds."""
    if path == "personakit.yaml":
        return "config"
    top = path.split("/", 1)[0]
    kind = {"personas": "persona", "journeys": "journey", "decisions": "decision"}.get(top)
    if kind is not None and path.endswith((".yaml", ".yml", ".md")):
        return kind
    if path.endswith(".md"):
        return "note"
    return None


def complete(session: Session, path: str, text: str, line: int, character: int) -> Completions:
    """What may be typed at (`line`, `character`) of the file `path` holding `text`."""
    lines = lines_of(text)
    kind = file_kind(session, path)
    if kind in ("note", "decision") and not _in_front_matter(lines, line):
        return Completions([], character)
    ctx = context(lines, line, character)
    items = _values(session, kind, path, ctx, lines)
    if items is None:
        items = _fields(kind, ctx.keys) if ctx.at_key and kind else []
    return _narrowed(items, ctx)


def _values(
    session: Session, kind: str | None, path: str, ctx: Context, lines: list[str]
) -> list[Item] | None:
    """Values the keys around the cursor take, or None where no value list applies."""
    keys, last = ctx.keys, ctx.keys[-1] if ctx.keys else ""
    if kind == "decision" and last == "personas":
        return _personas(session)
    if kind == "decision" and last == "rests_on":
        return _rests_on(session, ctx.word)
    if kind != "persona":
        return None
    if last == "quotes" or keys[-2:] == ("quotes", "ref"):
        return _citations(session, ctx.word)
    if keys[-2:] == ("count", "tag"):
        return _tags(session)
    if keys[-2:] == ("count", "segment"):
        return _personas(session)
    if len(keys) >= 2 and keys[-2] == "among" and not ctx.at_key:
        return _field_values(session, last)
    if last == "among" and ctx.at_key:
        fields = sorted(session.workspace.note_fields())
        return [Item(f, "field", "a note's front-matter field") for f in fields]
    if last == "step" or (keys == ("journey",) and ctx.at_key):
        return _steps(session)
    if last == "because":
        return _claim_ids(session, path, lines)
    if keys[-2:] == ("segment", "of"):
        data = session.workspace.config.data
        return [Item(t, "value", "table") for t in data.tables] if data else []
    if (last in _COLUMN_KEYS and ctx.at_key) or (last in _COLUMN_VALUES and not ctx.at_key):
        return _columns(session)
    return None


def _claim_ids(session: Session, path: str, lines: list[str]) -> list[Item]:
    """The claim ids of the persona being edited: from the buffer as typed (a half-typed
    line elsewhere may have kept the last lint from reading them), described from the
    last lint where it knows them."""
    persona = persona_of(session, path)
    known = {str(c.claim.id): c for c in persona.claims if c.claim.id} if persona else {}
    items: dict[str, Item] = {}
    for number, row in enumerate(lines):
        match = _ID.match(row)
        if match is None:
            continue
        keys = context(lines, number, match.start(1)).keys
        if len(keys) == 2 and keys[0] in _CLAIM_SECTIONS and keys[1] == "id":
            claim = known.get(match.group(1))
            about = f"{claim.section}: {claim.label}" if claim else keys[0]
            items.setdefault(match.group(1), Item(match.group(1), "reference", about))
    return list(items.values())


def _citations(session: Session, word: str) -> list[Item]:
    notes = session.workspace.notes
    note_id, hash_mark, _anchor = word.partition("#")
    if hash_mark:
        note = notes.get(note_id)
        if note is None:
            return []
        return [Item(quote.ref, "reference", _short(quote.text)) for quote in note.quotes.values()]
    return [
        Item(
            note.id,
            "reference",
            f"{note.participant} · {note.kind} · {note.date.isoformat()}",
            insert=f"{note.id}#",
        )
        for note in notes.values()
    ]


def _rests_on(session: Session, word: str) -> list[Item]:
    """What a decision may rest on: a persona's claims (`PERSONA#CLAIM`) and quotes."""
    name, hash_mark, _rest = word.partition("#")
    persona = session.workspace.personas.get(name)
    if hash_mark and persona is not None:
        return [
            Item(c.key, "reference", f"{c.section}: {c.label}")
            for c in persona.claims
            if c.claim.id
        ]
    personas = [
        Item(p.id, "reference", p.model.name, insert=f"{p.id}#")
        for p in session.workspace.personas.values()
    ]
    return personas + _citations(session, word)


def _tags(session: Session) -> list[Item]:
    tags = {t for note in session.workspace.notes.values() for t in note.tags}
    return [Item(t, "value", "tag") for t in sorted(tags)]


def _field_values(session: Session, name: str) -> list[Item]:
    values = {v for note in session.workspace.notes.values() for v in note.field_values(name)}
    return [Item(v, "value", name) for v in sorted(values)]


def _personas(session: Session) -> list[Item]:
    return [Item(p.id, "reference", p.model.name) for p in session.workspace.personas.values()]


def _steps(session: Session) -> list[Item]:
    return [
        Item(f"{journey.id}/{step.id}", "reference", step.title)
        for journey in session.workspace.journeys.values()
        for step in journey.model.steps
    ]


def _columns(session: Session) -> list[Item]:
    """Every TABLE.COLUMN of the workspace's data (the data engine opens here)."""
    from ..errors import WorkspaceError

    data = session.workspace.config.data
    if data is None:
        return []
    items = []
    for table in data.tables:
        try:
            columns = session.data.columns(table)
        except WorkspaceError:  # an unreadable table: its columns are not offered
            continue
        items += [Item(f"{table}.{c}", "column", t) for c, t in columns.items()]
    return items


def _narrowed(items: list[Item], ctx: Context) -> Completions:
    if len(items) <= LIMIT:
        return Completions(items, ctx.start)
    typed = ctx.word.lower()
    kept = [i for i in items if i.label.lower().startswith(typed)]
    return Completions(kept[:LIMIT], ctx.start, incomplete=True)


def _in_front_matter(lines: list[str], line: int) -> bool:
    if not lines or lines[0].strip() != "---":
        return False
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
    return 0 < line < end


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- keys from the JSON Schema ------------------------------------------------------


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    from ..schemas import schemas

    return schemas()


def _fields(kind: str, keys: tuple[str, ...]) -> list[Item]:
    """The keys the file kind's schema allows in the mapping at `keys`."""
    root = _schemas().get(kind)
    if root is None:
        return []
    nodes = [root]
    for key in keys:
        nodes = [child for node in nodes for child in _children(root, node, key)]
    found: dict[str, Item] = {}
    for node in nodes:
        for alt in _objects(root, node):
            for name, prop in alt.get("properties", {}).items():
                about = _deref(root, prop).get("description") or prop.get("title", "")
                found.setdefault(name, Item(name, "field", str(about), insert=f"{name}: "))
    return list(found.values())


def _deref(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in node and seen < 20:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = root.get("$defs", {}).get(name, {})
        seen += 1
    return node


def _objects(root: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas `node` may be: through references, alternatives and arrays."""
    node = _deref(root, node)
    out: list[dict[str, Any]] = []
    for word in ("anyOf", "oneOf", "allOf"):
        for alt in node.get(word, []):
            out += _objects(root, alt)
    if isinstance(node.get("items"), dict):
        out += _objects(root, node["items"])
    if "properties" in node or isinstance(node.get("additionalProperties"), dict):
        out.append(node)
    return out


def _children(root: dict[str, Any], node: dict[str, Any], key: str) -> list[dict[str, Any]]:
    out = []
    for alt in _objects(root, node):
        if key in alt.get("properties", {}):
            out.append(alt["properties"][key])
        elif isinstance(alt.get("additionalProperties"), dict):
            out.append(alt["additionalProperties"])
    return out
