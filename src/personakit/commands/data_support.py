"""What `segment`, `top` and `snapshot` share: opening the data, a spinner, printing rows."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..terminal import markup, plain


def open_service(root: Path | None) -> Any:
    """The data service over the workspace at `root`, loaded without its notes."""
    from ..session import Session

    # Segments need the personas, not the notes: a research repository with thousands
    # of notes answers a data question as fast as an empty one.
    return Session.load(root, evidence=False).data


@contextlib.contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a query runs, on a terminal only (never in pipes or CI)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    from ..color import console_options

    with Console(**console_options(stderr=True)).status(markup(message)):
        yield


def emit(rows: list[dict[str, Any]], columns: list[str], output_format: str, title: str) -> None:
    """`rows` as JSON, CSV or a Rich table titled `title`."""
    if output_format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, default=str, ensure_ascii=False) + "\n")
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from ..color import console_options

        # Values come from user data and names from the workspace: shown literally,
        # never read as Rich markup, never raw control bytes (csv and json keep them exact).
        table = Table(title=Text(plain(title)), title_justify="left")
        for column in columns:
            table.add_column(column, justify="right" if column in ("people", "rank") else "left")
        for row in rows:
            table.add_row(*[Text(plain(str(row[c]))) for c in columns])
        Console(**console_options()).print(table)
