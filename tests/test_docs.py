"""The README and docs/*.md point only at files that exist in the repository, and say
what the rules do."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from personakit.rules import RULES

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

# [text](target) and ![alt](target "title"), not inside inline code.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# A project document named in capitals (README.md, DESIGN.md, CONTRIBUTING.md), a page
# of docs/, and a Python module of the repository (`render/views.py`).
CAPITALS = re.compile(r"(?<![\w/.-])([A-Z][A-Z_-]*\.md)\b")
DOCS_PAGE = re.compile(r"(?<![\w/.-])(docs/[\w.-]+\.md)\b")
MODULE = re.compile(r"(?<![\w/.-])([\w/]+\.py)\b")


def _tracked() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.split()
    return listed or [p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file()]


TRACKED = _tracked()


def _ids(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("doc", DOCS, ids=_ids)
def test_relative_links_resolve_to_files_in_the_repo(doc: Path):
    missing = []
    for match in LINK.finditer(doc.read_text(encoding="utf-8")):
        target = match.group(1)
        if re.match(r"[a-z][a-z+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor of the same page
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.exists() or not path.is_relative_to(REPO):
            missing.append(target)
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_ids)
def test_documents_and_modules_named_exist(doc: Path):
    text = doc.read_text(encoding="utf-8")
    missing = [
        name
        for name in CAPITALS.findall(text)
        if not ((doc.parent / name).exists() or (REPO / name).exists())
    ]
    missing += [name for name in DOCS_PAGE.findall(text) if not (REPO / name).exists()]
    missing += [
        name
        for name in MODULE.findall(text)
        if not any(path == name or path.endswith("/" + name) for path in TRACKED)
    ]
    assert missing == []


def test_the_checks_catch_a_missing_file(tmp_path: Path):
    text = "See DESIGN.md, [the rules](docs/nope.md) and `render/pages.py`."
    assert CAPITALS.findall(text) == ["DESIGN.md"]
    assert LINK.findall(text) == ["docs/nope.md"]
    assert MODULE.findall(text) == ["render/pages.py"]
    assert not any(p.endswith("/render/pages.py") for p in TRACKED)


def test_docs_explain_why_drift_warns_and_mismatch_errs():
    text = (REPO / "docs" / "workspace.md").read_text(encoding="utf-8")
    heading = "### Counts from notes (PK104, error) and counts from data (PK403, warning)"
    assert heading in text
    assert RULES["PK104"].SEVERITY.value == "error"
    assert RULES["PK403"].SEVERITY.value == "warning"
    section = text.split(heading, 1)[1].split("\n### ", 1)[0]
    assert "tolerance" in section and "--strict" in section and "PK403: error" in section
