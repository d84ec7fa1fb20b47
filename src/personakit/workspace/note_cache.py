"""What was read from each note last time, so that an edit means reading one note again.

A lint after an edit cannot replay the last answer (lint_cache.py), but of ten thousand
notes only one changed. The loader keeps, per note, what parsing it gave (front matter,
problems, suppressions, quotes: note_file.NoteFile without the text) in one entry
(`notes-<hash>.json` in `.personakit_cache/`), keyed by personakit's version and source
files, the workspace root and the front-matter fields the config allows.

A note's parse is reused only when both hold:
- its stat (inode, size, modification and change time) is what it was: a clone of a
  repository that carries a planted cache has other inodes and change times, so an
  entry cannot vouch for a file it was not made from;
- the digest of the text just read equals the one the parse was made from: an edit in
  the same clock tick as the last run, which a stat may not show, is seen.

Everything else of the run is done afresh: the text is read every time (for
suppressions, source lines and checks on it), personas and journeys are parsed, and
every rule runs. A note whose parse cannot be written as plain JSON and read back
identical (front matter with dates in extra fields, a problem with details) is simply
not kept. Off with the rest of the cache (`--no-cache`, `PERSONAKIT_NO_CACHE`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..file_stats import code_stamp
from ..model import NoteMeta
from ..model.formats import Consent, NoteKind
from ..model.records import Problem, Suppression
from .note_facts import facts_of
from .note_file import NoteFile
from .notes import ParsedBody, ParsedQuote

Entry = list[Any]  # [stat, digest, packed parse, what lint sees of it (note_facts.py)]
# Where an entry holds the digest of what lint sees of the note (lint_delta.py).
FACTS = 3
# Notes whose entries may differ from the kept ones (edited, added, removed) before the
# entry is written again; or one in a hundred, in a large workspace.
REWRITE_AFTER = 20
_held: list[Any] = []


def digest(text: str) -> str:
    """The digest a note's parse is keyed by."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class NoteCache:
    """The notes entry of one workspace: `known` as read, `fresh` as this run found."""

    def __init__(self, root: Path, allowed: frozenset[str]) -> None:
        self.store = Cache(root)
        # The entry itself records the version (cache.py); the code stamp covers a
        # checkout whose parsing changed without a new version.
        key = [code_stamp(), str(root), sorted(allowed)]
        blob = json.dumps(key).encode("utf-8")
        self.name = f"notes-{hashlib.blake2b(blob, digest_size=12).hexdigest()}.json"
        self.known: dict[str, Entry] = {}
        if self.store.enabled:
            data = self.store.read(self.name)
            if isinstance(data, dict):
                self.known = data
                # Held past the load: freeing ten thousand entries object by object
                # costs a fifth of a second, and a command's process ends anyway.
                _held[:] = [data]

    @property
    def enabled(self) -> bool:
        """Whether this run reads and writes the entry."""
        return self.store.enabled

    def save(self, fresh: dict[str, Entry]) -> None:
        """Write the entry for this run's notes (by path) once enough of it changed: a
        few edited notes are parsed again next time, which costs less than writing ten
        thousand entries after every edit (an entry that no longer fits its file's stat
        is never used, so a stale one is only a miss)."""
        known = self.known
        reused = sum(1 for rel, entry in fresh.items() if known.get(rel) == entry)
        changed = len(fresh) - reused + len(known.keys() - fresh.keys())
        # Nothing reused: the kept entry is new, foreign or broken, so write it whole.
        if changed and (not reused or changed > max(REWRITE_AFTER, len(fresh) // 100)):
            self.store.write(self.name, fresh)


def lookup(
    known: Mapping[str, Entry], path: str, rel: str, text: str, stat: list[int] | None
) -> NoteFile | None:
    """The note at `path` rebuilt from `known`, if its stat (taken before `text` was
    read) and its text are as recorded; None otherwise (also for an entry that is not
    one this code wrote)."""
    entry = known.get(rel)
    if entry is None or stat is None:
        return None
    try:
        recorded, made_from, packed, _facts = entry
        if stat != recorded or made_from != digest(text):
            return None
        note = unpack(path, rel, packed)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None
    note.text = text
    note.entry = entry
    return note


def entry_for(note: NoteFile, stat: list[int] | None) -> Entry | None:
    """What to keep of a note just parsed (its stat taken before it was read), or None
    when its parse would not read back identical."""
    if stat is None or note.text is None or note.stop is not None or note.meta is None:
        return None
    if any(p.details is not None or p.fix is not None or p.whole_file for _c, p in note.problems):
        return None
    packed = pack(note)
    if packed is None:
        return None
    facts = None
    if note.body_start is not None and note.body is not None:
        head = note.text[: note.body_start]
        facts = facts_of(head, note.body_line, note.body, note.suppressions)
    return [stat, digest(note.text), packed, facts]


def pack(note: NoteFile) -> list[Any] | None:
    """A parsed note as plain JSON data (see `unpack`); None if it would not round-trip."""
    meta = note.meta
    body = note.body
    if meta is None or body is None:
        return None
    extra = meta.model_extra or {}
    if not all(isinstance(k, str) and _plain(v) for k, v in extra.items()):
        return None  # a date, say, would come back a string
    fields = {
        "id": meta.id,
        "date": meta.date.isoformat(),
        "kind": meta.kind.value,
        "participant": meta.participant,
        "role": meta.role,
        "account": meta.account,
        "tags": list(meta.tags),
        "consent": meta.consent.value,
        "title": meta.title,
        **extra,
    }
    return [
        [[code, p.line, p.column, p.message] for code, p in note.problems],
        [[s.line, sorted(s.rules), s.reason] for s in note.suppressions],
        fields,
        sorted(note.unread),
        {k: list(v) for k, v in note.positions.items()},
        body.title,
        [[q.anchor, q.text, list(q.tags), q.line, q.column] for q in body.quotes],
        [list(m) for m in body.malformed],
        note.body_line,
        note.body_read,
    ]


def _plain(value: Any) -> bool:
    """Whether `value` is JSON that reads back as the same Python value."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def unpack(path: str, rel: str, packed: list[Any]) -> NoteFile:
    """The NoteFile `pack` made `packed` from (without its text)."""
    problems, suppressions, fields, unread, positions, title, quotes, malformed = packed[:8]
    body_line, body_read = packed[8:]
    if not (isinstance(body_line, int) and isinstance(body_read, bool)):
        raise TypeError("not an entry")
    return NoteFile(
        path,
        rel,
        suppressions=[
            Suppression(line, frozenset(rules), why) for line, rules, why in suppressions
        ],
        problems=[
            (code, Problem(rel, line, col, message)) for code, line, col, message in problems
        ],
        meta=_meta(fields),
        unread=frozenset(unread),
        positions={k: (v[0], v[1]) for k, v in positions.items()},
        body=ParsedBody(
            title,
            [ParsedQuote(a, text, tuple(tags), line, col) for a, text, tags, line, col in quotes],
            [(line, what, anchor) for line, what, anchor in malformed],
        ),
        body_line=body_line,
        body_read=body_read,
    )


def _meta(fields: dict[str, Any]) -> NoteMeta:
    values = dict(fields)
    values["date"] = dt.date.fromisoformat(values["date"])
    values["kind"] = NoteKind(values["kind"])
    values["consent"] = Consent(values["consent"])
    return NoteMeta.model_construct(**values)
