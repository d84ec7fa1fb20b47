"""`--format json`: one object, stable across versions (see DESIGN.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..linter import LintResult


class JsonReporter:
    def render(self, result: LintResult) -> str:
        # One finding per line: readable, diff-friendly, and written by the C encoder
        # (json.dumps with `indent` falls back to a pure-Python one, slow on big runs).
        findings = ",\n".join(
            "    " + json.dumps(f.as_dict(), ensure_ascii=False) for f in result.findings
        )
        summary = json.dumps({"files": result.files, **result.counts()})
        body = f"[\n{findings}\n  ]" if findings else "[]"
        return f'{{\n  "findings": {body},\n  "summary": {summary}\n}}\n'
