"""`--format json`: one object, stable across versions (its shape: README.md)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..linter import LintResult

# JSON escapes C0 controls itself; DEL and the C1 controls (U+0080-U+009F, where U+009B
# acts as a terminal's CSI) it leaves raw under ensure_ascii=False. They can only occur
# inside strings, so escaping them keeps the exact string and keeps terminals safe.
_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def safe_json(text: str) -> str:
    """JSON text with DEL and C1 control characters written as `\\u00XX` escapes."""
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(value: Any, **options: Any) -> str:
    """`json.dumps` for output that may reach a terminal: UTF-8 kept readable, control
    characters escaped, the decoded strings unchanged."""
    return safe_json(json.dumps(value, ensure_ascii=False, **options))


class JsonReporter:
    """Findings and a summary as one JSON document, for scripts."""

    def render(self, result: LintResult) -> str:
        # One finding per line: readable, diff-friendly, and written by the C encoder
        # (json.dumps with `indent` falls back to a pure-Python one, slow on big runs).
        """The JSON document: every finding, then file and severity counts."""
        findings = ",\n".join("    " + dumps(f.as_dict()) for f in result.findings)
        fixed = getattr(result, "fixed", None)
        extra = {} if fixed is None else {"fixed": len(fixed)}  # only under --fix
        summary = json.dumps({"files": result.files, **result.counts(), **extra})
        body = f"[\n{findings}\n  ]" if findings else "[]"
        return f'{{\n  "findings": {body},\n  "summary": {summary}\n}}\n'
