"""`--format junit`: JUnit XML, a test case per file checked and a failure per error.

Warnings and info findings go into the test case's `system-out`, so CI systems show
them without failing the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from ..linter import LintResult


class JunitReporter:
    def render(self, result: LintResult) -> str:
        by_path: dict[str, list] = {path: [] for path in result.paths}
        for finding in result.findings:
            by_path.setdefault(finding.path, []).append(finding)
        errors = sum(1 for f in result.findings if f.severity.value == "error")
        failing = sum(1 for fs in by_path.values() if any(f.severity.value == "error" for f in fs))
        suites = ET.Element(
            "testsuites", name="personakit", tests=str(len(by_path)), failures=str(failing)
        )
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="personakit lint",
            tests=str(len(by_path)),
            failures=str(failing),
            errors="0",
            skipped="0",
        )
        suite.set("findings", str(len(result.findings)))
        suite.set("error-findings", str(errors))
        for path in sorted(by_path):
            case = ET.SubElement(
                suite, "testcase", classname="personakit.lint", name=path, file=path
            )
            other = []
            for f in by_path[path]:
                where = f"{f.path}:{f.line}:{f.column}"
                if f.severity.value == "error":
                    failure = ET.SubElement(
                        case, "failure", message=f"{f.code} {f.name}: {f.message}", type=f.code
                    )
                    failure.text = f"{where}: {f.code} {f.name}: {f.message}"
                else:
                    other.append(f"{where}: {f.severity.value} {f.code} {f.name}: {f.message}")
            if other:
                ET.SubElement(case, "system-out").text = "\n".join(other)
        ET.indent(suites)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suites, encoding="unicode")
            + "\n"
        )
