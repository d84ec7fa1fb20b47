"""`--format junit`: JUnit XML, a test case per file checked and a failure per error.

Warnings and info findings go into the test case's `system-out`, so CI systems show
them without failing the build.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from ..terminal import plain

if TYPE_CHECKING:
    from ..linter import LintResult

# What XML 1.0 cannot hold at all, even as a character reference: C0 controls other
# than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Workspace text for the report: control characters shown as `\\xNN` escapes (the
    report is often printed to a terminal), and nothing XML 1.0 forbids."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", plain(text))


class JunitReporter:
    """Findings as JUnit XML, one test case per file, for CI test tabs."""

    def render(self, result: LintResult) -> str:
        """The JUnit XML document: a file passes unless it has an error."""
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
            shown = xml_text(path)
            case = ET.SubElement(
                suite, "testcase", classname="personakit.lint", name=shown, file=shown
            )
            other = []
            for f in by_path[path]:
                where = f"{shown}:{f.line}:{f.column}"
                message = xml_text(f.message)
                if f.severity.value == "error":
                    failure = ET.SubElement(
                        case, "failure", message=f"{f.code} {f.name}: {message}", type=f.code
                    )
                    failure.text = f"{where}: {f.code} {f.name}: {message}"
                else:
                    other.append(f"{where}: {f.severity.value} {f.code} {f.name}: {message}")
            if other:
                ET.SubElement(case, "system-out").text = "\n".join(other)
        ET.indent(suites)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suites, encoding="unicode")
            + "\n"
        )
