"""What lint sees of a note, as one digest, worked out from its text alone.

Every rule sees a note through what the loader makes of it (note_reader.py): its front
matter, validated; its suppressions; and what `notes.parse_body` finds in its body (the
title, the quotes with their anchors, tags and places, the malformed quotes), placed by
the line the body starts on. The front matter is parsed from the lines before the body
and from nothing else, so two texts with the same lines up to the body, the same
suppressions and the same body parse are the same note to every rule but PK301, which
also reads the prose (lint_delta.py adds that). The digest of those parts is therefore
what a lint entry can compare after an edit, with no YAML parsed and no model built.

Only for front matter fenced as `split_front_matter` reads it: a note whose front
matter is broken is salvaged from its whole text, and has no digest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from ..model.records import Suppression
from .notes import ParsedBody, parse_body
from .suppressions import find_suppressions

NO_FRONT_MATTER = "no front matter: the file must start with a '---' line"
NOT_CLOSED = "front matter is not closed by a '---' line"


def front_matter_fence(text: str) -> tuple[int, int, int] | str:
    """Where the `---` fenced front matter at the top of `text` ends: the end of its
    YAML, where the body starts and the body's first line number; or why there is none."""
    if not text.startswith("---"):
        return NO_FRONT_MATTER
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].rstrip() != "---":
        return NO_FRONT_MATTER
    pos = first_nl + 1
    line = 2
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if text[pos:end].rstrip() in ("---", "..."):
            return pos, end + 1 if nl >= 0 else len(text), line + 1
        if nl < 0:
            return NOT_CLOSED
        pos = nl + 1
        line += 1


def facts_of(
    head: str, body_line: int, body: ParsedBody, suppressions: Sequence[Suppression]
) -> str:
    """The digest of a note's lines up to its body (`head`), where the body starts, what
    its body holds and its suppressions."""
    parts = [
        head,
        body_line,
        body.title,
        [[q.anchor, q.text, list(q.tags), q.line, q.column] for q in body.quotes],
        [list(m) for m in body.malformed],
        [[s.line, sorted(s.rules), s.reason] for s in suppressions],
    ]
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(blob.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def facts(text: str) -> str | None:
    """What lint sees of the note whose text is `text` (see `facts_of`), or None when its
    front matter is not fenced."""
    found = front_matter_fence(text)
    if isinstance(found, str):
        return None
    _yaml_end, body_start, body_line = found
    body = parse_body(text[body_start:], body_line)
    return facts_of(text[:body_start], body_line, body, find_suppressions(text, markdown=True))
