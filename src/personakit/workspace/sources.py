"""Declared CSV sources: each row is a voice that can be quoted and counted."""

from __future__ import annotations

import csv
import io
import re

from ..dates import DateError, parse_date
from ..errors import ConfigError, WorkspaceError
from ..model.config import SourceConfig
from ..model.records import SourceRow

__all__ = ["SourceRow", "read_source"]

_TAG_SPLIT = re.compile(r"[,;|\s]+")


def read_source(name: str, conf: SourceConfig, rel_path: str, text: str) -> list[SourceRow]:
    """Rows of one source; a missing column or an unreadable date is an input error."""
    # The csv module refuses cells over 128 KiB by default; a long ticket body is not an
    # error, and the file itself is already bounded (reading.MAX_FILE_BYTES).
    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        return _read_rows(name, conf, rel_path, text)
    finally:
        csv.field_size_limit(limit)


def _read_rows(name: str, conf: SourceConfig, rel_path: str, text: str) -> list[SourceRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise WorkspaceError(f"not readable as CSV ({exc})", rel_path, 1) from None
    cols = conf.columns
    for key, column in cols.model_dump().items():
        if column is not None and column not in header:
            raise ConfigError(
                f"sources.{name}.columns.{key}: no column {column!r} in {rel_path}",
                "personakit.yaml",
            )
    rows: list[SourceRow] = []
    last_line = 1
    records = iter(reader)
    while True:
        line = last_line + 1
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            raise WorkspaceError(f"not readable as CSV ({exc})", rel_path, line) from None
        last_line = reader.line_num
        if None in record:
            raise WorkspaceError("row has more cells than the header", rel_path, line)
        values = {k: (v or "") for k, v in record.items()}
        date = None
        if cols.date and values[cols.date].strip():
            raw = values[cols.date].strip()[:10]
            try:
                date = parse_date(raw)
            except DateError:
                raise WorkspaceError(
                    f"{cols.date}: {values[cols.date]!r} is not a date (YYYY-MM-DD)", rel_path, line
                ) from None
        tags = values[cols.tags] if cols.tags else ""
        rows.append(
            SourceRow(
                source=name,
                id=values[cols.id].strip(),
                kind=conf.kind.value,
                text=values[cols.text],
                date=date,
                role=(values[cols.role].strip() or None) if cols.role else None,
                tags=frozenset(
                    t.lstrip("#").lower() for t in _TAG_SPLIT.split(tags) if t.strip("#")
                ),
                fields=values,
                path=rel_path,
                line=line,
            )
        )
    return rows
