"""Golden files hold our output, not a dependency's wording.

A PK001 finding carries the YAML parser's own description of the problem; that text
changes between PyYAML releases. Golden comparisons replace it with a placeholder, and
the tests check our code and position for it instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from personakit.report.github import escape_data
from tests.conftest import run_lint

PARSER_MESSAGE = "(the YAML parser's message)"


def parser_messages(root: Path) -> list[tuple[str, int, str]]:
    """(path, line, message) of every PK001 finding of the workspace at `root`."""
    return [(f.path, f.line, f.message) for f in run_lint(root).findings if f.code == "PK001"]


def mask_parser_messages(text: str, root: Path) -> str:
    """`text` (a report in any format) with each PK001 message, in whatever escaping
    the format gives it, replaced by PARSER_MESSAGE."""
    for _path, _line, message in parser_messages(root):
        forms = {
            message,
            escape_data(message),
            json.dumps(message, ensure_ascii=False)[1:-1],
            escape(message),
            escape(message, {'"': "&quot;"}),
        }
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, PARSER_MESSAGE)
    return text
