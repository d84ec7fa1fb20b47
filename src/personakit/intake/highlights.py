"""Reading a research repository's highlight export (CSV) into highlights.

One row per highlight: its text, tags, the document it came from (a transcript or a
note's title), the participant and a date. Columns are found by their usual headers
(`--map FIELD=COLUMN` names the others). `highlight_notes` turns them into notes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from ..errors import WorkspaceError

FIELDS = ("text", "tags", "document", "participant", "date")
REQUIRED = ("text", "document")
# Usual headers of each field, compared in lower case with punctuation as spaces.
HEADERS: dict[str, tuple[str, ...]] = {
    "text": ("text", "highlight", "highlight text", "quote", "content", "excerpt"),
    "tags": ("tags", "tag", "labels", "label", "codes"),
    "document": (
        "document", "document title", "note", "note title", "transcript", "source",
        "source title", "interview",
    ),
    "participant": ("participant", "speaker", "person", "interviewee", "customer"),
    "date": ("date", "created", "created at", "date created", "created date", "recorded"),
}  # fmt: skip
_TAG_SPLIT = re.compile(r"[,;]+")


@dataclass
class Highlight:
    """One row of the export."""

    text: str
    tags: list[str]
    document: str
    participant: str
    date: dt.date | None
    line: int


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.lower()).split())


def columns(header: list[str], maps: list[str], shown: str) -> dict[str, str]:
    """Which column holds each field: `--map` first, then the usual headers; one line
    listing the headers found and the flags needed when text or document is missing."""
    chosen: dict[str, str] = {}
    for item in maps:
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or name not in FIELDS:
            raise WorkspaceError(
                f"--map {item!r}: expected FIELD=COLUMN, FIELD one of {', '.join(FIELDS)}"
            )
        if column not in header:
            raise WorkspaceError(f"--map {item!r}: no column {column!r}", shown, 1)
        chosen[name] = column
    for name in FIELDS:
        if name not in chosen:
            found = next((h for h in header if _norm(h) in HEADERS[name]), None)
            if found is not None:
                chosen[name] = found
    missing = [name for name in REQUIRED if name not in chosen]
    if missing:
        found = ", ".join(repr(h) for h in header) or "none"
        flags = " ".join(f"--map {name}=COLUMN" for name in missing)
        raise WorkspaceError(
            f"no column for {' and '.join(missing)}; headers found: {found}; say which "
            f"with {flags}",
            shown,
            1,
        )
    return chosen


def read_highlights(text: str, shown: str, maps: list[str]) -> list[Highlight]:
    """The highlights of an export, or one line naming the line that does not read."""
    from ..dates import DateError, parse_date
    from ..scaffold.ids import slugify

    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        # The separator is the one the header line uses most (a comma on a tie): cells
        # full of commas or semicolons cannot mislead it as they can a sniffer.
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader, [])]
        except csv.Error as exc:
            raise WorkspaceError(f"not readable as CSV ({exc})", shown, 1) from None
        cols = columns(header, maps, shown)
        index = {name: header.index(column) for name, column in cols.items()}
        found: list[Highlight] = []
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise WorkspaceError(f"not readable as CSV ({exc})", shown, line) from None
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise WorkspaceError("row has more cells than the header", shown, line)
            cell = {name: (row[i] if i < len(row) else "").strip() for name, i in index.items()}
            if not cell["text"] or not cell["document"]:
                what = "text" if not cell["text"] else "document"
                raise WorkspaceError(f"a highlight without its {what}", shown, line)
            date = None
            if cell.get("date"):
                try:
                    date = parse_date(cell["date"][:10])
                except DateError:
                    raise WorkspaceError(
                        f"{cols['date']}: {cell['date']!r} is not a date (YYYY-MM-DD)", shown, line
                    ) from None
            tags = [slugify(t) for t in _TAG_SPLIT.split(cell.get("tags", "")) if slugify(t)]
            found.append(
                Highlight(
                    cell["text"],
                    list(dict.fromkeys(tags)),
                    cell["document"],
                    cell.get("participant", ""),
                    date,
                    line,
                )
            )
        return found
    finally:
        csv.field_size_limit(limit)
