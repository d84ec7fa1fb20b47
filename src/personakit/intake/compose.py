"""A note's Markdown from speaker turns: front matter, heading, one paragraph per turn.

Each paragraph starts with a head line, `**P07** (00:12:34)`, then the turn's text,
one line per cue. What was said is workspace text from now on, so each line is made
inert: a line that Markdown would read as a heading, blockquote, fence, list,
thematic break or HTML comment (`> ... ^q1` would become a quote) starts with a
backslash, and `personakit: ignore[` cannot silence a rule. Nothing else changes, so
that what was said can be quoted word for word (render shows HTML as text anyway).
The finished note is parsed back before it is written: its front matter must hold
exactly what was given, and its body no quote at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..errors import WorkspaceError

# The hours take as many digits as they need: a call's clock may run past 99 hours (a
# recording's offset), and a head `quote` did not read would join two speakers' words.
HEAD_RE = re.compile(r"^\*\*([A-Za-z0-9][A-Za-z0-9_-]*)\*\*(?: \((\d{2,}:\d{2}:\d{2})\))?$")
# Line starts Markdown gives a meaning to: headings, blockquotes, fences, lists,
# thematic breaks, tables, HTML, setext underlines, numbered lists, bold heads.
_SIGNIFICANT = re.compile(r"^(?:[>#~`=+*|_-]|<|\d+[.)](?:\s|$)|\\)")
_SUPPRESSION = re.compile(r"(personakit:\s*ignore)\[", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's category Cc


@dataclass
class Paragraph:
    """One turn as it goes into the note: who, when and the lines said."""

    code: str
    clock: str | None
    lines: list[str]


def plain(line: str) -> str:
    """One line of what was said as workspace text: control characters made spaces
    (a NUL or an escape sequence has no place in a note, and git would call it binary),
    whitespace folded, and `personakit: ignore[` unable to silence a rule."""
    line = " ".join(_CONTROL.sub(" ", line).split())
    return _SUPPRESSION.sub(r"\1\\[", line)


def inert(line: str) -> str:
    """One line of what was said, made plain text in Markdown and to personakit."""
    line = plain(line)
    return "\\" + line if _SIGNIFICANT.match(line) else line


def head(code: str, clock: str | None) -> str:
    """A paragraph's head line: `**P07** (00:12:34)`."""
    return f"**{code}**" + (f" ({clock})" if clock else "")


def front_matter(fields: dict[str, Any]) -> str:
    """The `---` fenced YAML of `fields`, written by the YAML writer, one key a line."""
    import yaml

    lines = ["---"]
    for name, value in fields.items():
        dumped = yaml.safe_dump(
            {name: value}, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
        ).strip()
        lines.append(dumped[1:-1] if dumped.startswith("{") else dumped)
    lines.append("---")
    return "\n".join(lines) + "\n"


def note_text(fields: dict[str, Any], title: str, paragraphs: list[Paragraph]) -> str:
    """The whole note: front matter, `# title`, the paragraphs separated by blank lines."""
    parts = [front_matter(fields), f"# {inert(title).lstrip(chr(92))}\n"]
    for paragraph in paragraphs:
        body = "\n".join(inert(line) for line in paragraph.lines if line.strip())
        parts.append(f"{head(paragraph.code, paragraph.clock)}\n{body}\n")
    return "\n".join(parts)


def check_note(text: str, fields: dict[str, Any], shown: str) -> None:
    """Refuse (nothing written) unless `text` reads back as a note with exactly `fields`
    in its front matter and no quote, malformed or not, in its body."""
    from ..model import NoteMeta
    from ..workspace.frontmatter import split_front_matter
    from ..workspace.loader import YamlError
    from ..workspace.notes import parse_body

    try:
        front = split_front_matter(text)
    except YamlError as exc:
        raise WorkspaceError(
            f"would not read back ({exc.message}); nothing written", shown
        ) from None
    data = front.doc.data
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in fields.items()):
        raise WorkspaceError(
            "its front matter would not read back as given; nothing written", shown
        )
    NoteMeta.model_validate(data)
    body = parse_body(front.body, front.body_line)
    if body.quotes or body.malformed:
        raise WorkspaceError("its text would read as a quote; nothing written", shown)


def note_fields(
    date: dt.date,
    kind: str,
    participant: str,
    role: str | None,
    account: str | None,
    tags: list[str],
    consent: str,
) -> dict[str, Any]:
    """A note's front-matter fields in the order `new interview` writes them."""
    fields: dict[str, Any] = {"date": date, "kind": kind, "participant": participant}
    if role:
        fields["role"] = role
    if account:
        fields["account"] = account
    fields["tags"] = tags
    fields["consent"] = consent
    return fields
