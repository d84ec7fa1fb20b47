"""`--format sarif`: SARIF 2.1.0 for code scanning, with the rule catalogue and
fingerprints that stay stable when lines move."""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .fingerprint import fingerprints
from .json import safe_json

if TYPE_CHECKING:
    from ..linter import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rules() -> list[dict[str, Any]]:
    from ..rules import RULES
    from ..rules.docs import explain

    out = []
    for code, rule in RULES.items():
        doc = inspect.cleandoc(rule.__doc__ or "")
        out.append(
            {
                "id": code,
                "name": rule.NAME,
                "shortDescription": {"text": rule.SUMMARY},
                "fullDescription": {"text": doc.split("\n\n", 1)[0].replace("\n", " ")},
                "help": {"text": doc, "markdown": explain(rule)},
                "defaultConfiguration": {"level": _LEVEL[rule.SEVERITY.value]},
                "properties": {"tags": ["personas", "evidence"]},
            }
        )
    return out


class SarifReporter:
    """Findings as SARIF 2.1.0, for code-scanning dashboards."""

    def render(self, result: LintResult) -> str:
        """The SARIF log: the rules, and each finding with its fingerprint."""
        from .. import __version__

        rules = _rules()
        index = {rule["id"]: i for i, rule in enumerate(rules)}
        results = []
        for finding, fingerprint in zip(
            result.findings, fingerprints(result.findings), strict=True
        ):
            results.append(
                {
                    "ruleId": finding.code,
                    "ruleIndex": index[finding.code],
                    "level": _LEVEL[finding.severity.value],
                    "message": {"text": finding.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {
                                    # A URI reference: spaces, `%`, `#`, `?` and
                                    # control characters in a file name escaped.
                                    "uri": quote(finding.path),
                                    "uriBaseId": "%SRCROOT%",
                                },
                                "region": {
                                    "startLine": finding.line,
                                    "startColumn": finding.column,
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {"personakitFinding/v1": fingerprint},
                }
            )
            if finding.details:  # the facts behind the message, as in `--format json`
                results[-1]["properties"] = {"details": finding.details}
        log = {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "personakit",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        # Messages keep their exact text; DEL and C1 controls are written as escapes.
        return safe_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
