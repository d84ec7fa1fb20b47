"""`import highlights`: highlights (read by `highlights`) as notes, one per document.

Each document becomes one note, each highlight a quote of it, the participant's name
replaced by a code as `import transcript` does. A note that exists already (the same
document, imported before) gains only the highlights it does not hold yet, matched by
their text: importing the same export twice changes nothing, and a grown export adds
only its new rows.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from . import speakers as sp
from .highlight_documents import group, heading, quote_text, read_title, settle
from .highlights import Highlight, read_highlights
from .importer import TranscriptOptions
from .names_map import NamesMap, add_speakers, read_names_map

if TYPE_CHECKING:
    from ..workspace import Note


@dataclass
class HighlightOptions:
    """What the command line says about the notes to write."""

    maps: list[str] = field(default_factory=list)  # FIELD=COLUMN
    kind: str = "interview"
    role: str | None = None
    consent: str = "internal"
    date: dt.date | None = None
    speakers: list[str] = field(default_factory=list)
    names_map: Path | None = None


@dataclass
class HighlightNote:
    """One note written or grown: where, how many highlights it gained."""

    path: Path
    added: int
    created: bool


def _check_row(line: str, tags: list[str], shown: str, row: int) -> None:
    """Refuse a highlight whose words would not read back as one quote of exactly those
    words (a `^word` ending them reads as an anchor), naming its row."""
    from ..workspace.notes import parse_body

    body = parse_body(_quote_line(line, tags, "q1") + "\n", 1)
    if body.malformed or [q.text for q in body.quotes] != [" ".join(line.split())]:
        raise WorkspaceError(
            "the highlight's text would not read back as one quote (a `^word` in it "
            "reads as an anchor); edit it in the export",
            shown,
            row,
        )


def import_highlights(
    root: Path, file: Path, options: HighlightOptions, *, write: bool = True
) -> list[HighlightNote]:
    """Import the highlights of `file`: one note per document, new highlights only."""
    from ..scaffold.ids import check_id
    from ..session import Session
    from .compose import plain
    from .importer import check_names_map, decode, read_input, validate

    validate(_as_transcript_options(options), 1)
    shown = str(file)
    highlights = read_highlights(decode(read_input(file), shown), shown, options.maps)
    names_map = check_names_map(root, options.names_map) if options.names_map else None
    mapped = read_names_map(names_map) if names_map else NamesMap()
    add_speakers(mapped, options.speakers, names_map)
    ws = Session.load(root).workspace
    taken = {n.participant for n in ws.notes.values() if n.participant}
    documents = group(highlights, shown)
    cast = settle(documents, mapped, ws, taken)
    plans: list[_Plan] = []
    ids: dict[str, str] = {}
    for doc in documents:
        rows, existing, code = doc.rows, doc.existing, cast.codes[sp.key(doc.label)]
        stem = cast.note_id(doc)
        check_id(stem, "note id (from the document)")
        if stem in ids and ids[stem] != doc.title:
            raise WorkspaceError(
                f"two documents would both be the note {stem!r}: rename one in the export",
                shown,
                rows[0].line,
            )
        ids[stem] = doc.title
        rel = f"interviews/{stem}.md"
        path = root / "interviews" / f"{stem}.md"
        title = " ".join(doc.title.split())
        replace = cast.replacer(doc.label, "\n".join([title, *(plain(h.text) for h in rows)]))
        title = replace(title)
        quotes = [(quote_text(h.text, replace), h.tags) for h in rows]
        for (line, tags), row in zip(quotes, rows, strict=True):
            _check_row(line, tags, shown, row.line)
        if existing is not None:
            plans.append(_grow(root, existing, rel, title, quotes))
        elif os.path.lexists(path):
            raise WorkspaceError("exists but is not a note that loads; fix it first", rel)
        else:
            plans.append(_create(path, rel, title, code, rows, quotes, options))
    if write:
        from ..fs import replace_file, write_new

        if names_map is not None:
            from .importer import write_names_map

            write_names_map(names_map, mapped)
        for plan in plans:
            rel = plan.path.relative_to(root).as_posix()
            if plan.created:
                write_new(plan.path, plan.data, rel, root=root)
            elif plan.added:
                replace_file(plan.path, plan.data, root=root, shown_as=rel)
    return [HighlightNote(p.path, p.added, p.created) for p in plans]


@dataclass
class _Plan:
    """A note to write (`created`) or to grow by `added` quotes: its bytes or text."""

    path: Path
    data: str | bytes
    created: bool
    added: int


def _quote_line(line: str, tags: list[str], anchor: str) -> str:
    return f"> {line}" + "".join(f" #{t}" for t in tags) + f" ^{anchor}"


def _create(
    path: Path,
    rel: str,
    title: str,
    code: str,
    rows: list[Highlight],
    quotes: list[tuple[str, list[str]]],
    options: HighlightOptions,
) -> _Plan:
    from .compose import front_matter, note_fields

    dates = [h.date for h in rows if h.date]
    date = min(dates) if dates else (options.date or dt.date.today())
    fields = note_fields(date, options.kind, code, options.role, None, [], options.consent)
    unique = list(dict.fromkeys(line for line, _tags in quotes))
    tags = {line: t for line, t in reversed(quotes)}  # the first row's tags win
    lines = [heading(title), ""]
    expected = []
    for number, line in enumerate(unique, start=1):
        lines += [_quote_line(line, tags[line], f"q{number}"), ""]
        expected.append((f"q{number}", line))
    text = front_matter(fields) + "\n" + "\n".join(lines)
    _check(text, [], expected, fields, rel)
    return _Plan(path, text, True, len(unique))


def _grow(
    root: Path,
    note: Note,
    rel: str,
    title: str,
    quotes: list[tuple[str, list[str]]],
) -> _Plan:
    """The note with the highlights it lacks appended as quotes, every byte before them
    kept (line endings and byte-order mark too)."""
    from ..evidence import fold
    from ..quoting import next_anchor
    from ..scaffold.files import read_source
    from ..workspace.frontmatter import split_front_matter
    from ..workspace.notes import parse_body
    from .compose import inert

    path = root / note.path
    expected_title = read_title(title)
    if note.title != expected_title:
        raise WorkspaceError(
            f"exists for another document (its title is {note.title!r}, not "
            f"{expected_title!r}); nothing written",
            rel,
        )
    source = read_source(path, root, rel)
    front = split_front_matter(source.text)
    body = parse_body(front.body, front.body_line)
    have = {fold(q.text) for q in body.quotes}
    used = [q.anchor for q in body.quotes] + [m[2] for m in body.malformed]
    text = source.text
    old = [(q.anchor, q.text) for q in body.quotes]
    expected = []
    added = 0
    for line, tags in quotes:
        # Earlier imports put a backslash before words Markdown reads as structure
        # (`\- we never used it`): that quote holds this highlight too.
        if fold(line) in have or fold(inert(line)) in have:
            continue
        have.add(fold(line))
        anchor = next_anchor(used)
        used.append(anchor)
        if not text.endswith("\n"):
            text += "\n"
        if not text.endswith("\n\n"):
            text += "\n"
        text += _quote_line(line, tags, anchor) + "\n"
        expected.append((anchor, line))
        added += 1
    if not added:
        return _Plan(path, b"", False, 0)
    _check(text, old, expected, None, rel)
    return _Plan(path, source.encode(text), False, added)


def _check(
    text: str,
    old: list[tuple[str, str]],
    new: list[tuple[str, str]],
    fields: dict[str, object] | None,
    shown: str,
) -> None:
    """Refuse (nothing written) unless the note reads back with exactly the old quotes
    and the new ones, and, for a new note, the front matter given."""
    from ..model import NoteMeta
    from ..workspace.frontmatter import split_front_matter
    from ..workspace.notes import parse_body

    front = split_front_matter(text)
    if fields is not None:
        data = front.doc.data
        if not isinstance(data, dict) or any(data.get(k) != v for k, v in fields.items()):
            raise WorkspaceError("its front matter would not read back as given", shown)
        NoteMeta.model_validate(data)
    body = parse_body(front.body, front.body_line)
    got = [(q.anchor, q.text) for q in body.quotes]
    want = old + [(anchor, " ".join(line.split())) for anchor, line in new]
    if got != want or body.malformed:
        raise WorkspaceError(
            "its highlights would not read back as the quotes meant; nothing written", shown
        )


def _as_transcript_options(options: HighlightOptions) -> TranscriptOptions:
    """The options `import transcript` shares, for checking them the same way."""
    return TranscriptOptions(
        speakers=options.speakers, kind=options.kind, consent=options.consent, role=options.role
    )
