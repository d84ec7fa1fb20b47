"""Declared CSV sources: each row is a voice that can be quoted and counted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ..errors import ConfigError, WorkspaceError
from .config import SourceConfig

_TAG_SPLIT = re.compile(r"[,;|\s]+")


@dataclass(frozen=True)
class SourceRow:
    source: str
    id: str
    kind: str
    text: str
    date: dt.date | None
    role: str | None
    tags: frozenset[str]
    fields: dict[str, str] = field(hash=False, compare=False)  # every column, by header
    path: str = ""
    line: int = 0

    @property
    def voice(self) -> str:
        return f"{self.source}:{self.id}"


def read_source(name: str, conf: SourceConfig, rel_path: str, text: str) -> list[SourceRow]:
    """Rows of one source; a missing column or an unreadable date is an input error."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    cols = conf.columns
    for key, column in cols.model_dump().items():
        if column is not None and column not in header:
            raise ConfigError(
                f"sources.{name}.columns.{key}: no column {column!r} in {rel_path}",
                "personakit.yaml",
            )
    rows: list[SourceRow] = []
    last_line = 1
    for record in reader:
        line = last_line + 1
        last_line = reader.line_num
        if None in record:
            raise WorkspaceError("row has more cells than the header", rel_path, line)
        values = {k: (v or "") for k, v in record.items()}
        date = None
        if cols.date and values[cols.date].strip():
            raw = values[cols.date].strip()[:10]
            try:
                date = dt.date.fromisoformat(raw)
            except ValueError:
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
