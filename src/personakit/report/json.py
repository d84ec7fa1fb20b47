"""`--format json`: one object, stable across versions (see DESIGN.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..linter import LintResult


class JsonReporter:
    def render(self, result: LintResult) -> str:
        payload = {
            "findings": [f.as_dict() for f in result.findings],
            "summary": {"files": result.files, **result.counts()},
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
