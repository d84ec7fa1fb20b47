"""What reading one note gives, in plain, picklable parts (note_reader.py makes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import NoteMeta
from ..model.records import Problem, Suppression
from .notes import ParsedBody, ParsedQuote


@dataclass
class NoteFile:
    """Everything read from one note file: its text, suppressions and problems, and
    what the loader builds the note from. `stop` is a mistake that stops the command
    (a link out of the workspace, a file that cannot be read), raised by the loader
    when it reaches this file, so that the first such file in order is the one named."""

    path: str
    rel: str
    text: str | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    meta: NoteMeta | None = None
    unread: frozenset[str] = frozenset()
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    body: ParsedBody | None = None
    body_line: int = 1
    body_read: bool = True
    stop: tuple[str, str | None, int | None] | None = None
    # What the note cache keeps of it (note_cache.py), when it is kept.
    entry: list[Any] | None = None
    # The file's stat taken before it was read, when a cache or the memory needs it.
    stat: list[int] | None = None
    # Where its body starts in its text, when its front matter parsed as fenced: what
    # comes before is what its front matter is parsed from (note_facts.py).
    body_start: int | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Sent from a worker by the thousand: as plain tuples, which unpickle several
        # times faster than dataclass instances (the loader waits on this).
        body = self.body
        packed = None
        if body is not None:
            quotes = [(q.anchor, q.text, q.tags, q.line, q.column) for q in body.quotes]
            packed = (body.title, quotes, body.malformed)
        fields = (self.path, self.rel, self.text, self.suppressions, self.problems, self.meta)
        where = (self.unread, self.positions, packed, self.body_line, self.body_read)
        return _unpack, (*fields, *where, self.stop, self.entry, self.stat, self.body_start)


def _unpack(*fields: Any) -> NoteFile:
    note = NoteFile(*fields)
    packed: Any = note.body
    if packed is not None:
        title, quotes, malformed = packed
        note.body = ParsedBody(title, [ParsedQuote(*q) for q in quotes], malformed)
    return note
