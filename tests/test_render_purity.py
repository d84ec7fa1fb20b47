"""The page builders do no I/O: they never open a file, list a folder, import a data
engine or run a query. Data figures are computed before pages are built
(render/figures.py) and findings come from the one lint run, so a page can be built
from plain data and can never contradict `lint`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RENDER = Path(__file__).resolve().parent.parent / "src" / "personakit" / "render"
# The modules that build the site model: one per page kind, the shared base, and what
# they use to shape claims, badges and charts.
BUILDERS = sorted(
    [
        *(RENDER / "pages").glob("*.py"),
        RENDER / "views.py",
        RENDER / "marks.py",
        RENDER / "charts.py",
    ]
)

CALLS = {"open"}  # builtins
METHODS = {
    "read_text",
    "read_bytes",
    "open",
    "connect",
    "execute",
    "iterdir",
    "glob",
    "rglob",
    "scandir",
    "listdir",
    "walk",
    "read_snapshots",
}
MODULE_CALLS = {("os", "open"), ("os", "scandir"), ("os", "listdir"), ("os", "walk")}
MODULES = ("duckdb", "sqlite3", "psycopg", "pyspark", "shutil", "subprocess")
# personakit modules that read files or open the data engine
OWN_MODULES = ("data.snapshots", "data.engine", "data.service", "workspace.load", "fs")


def violations(source: str) -> list[str]:
    """Every call or import in `source` that does file or database I/O."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in CALLS:
                found.append(f"{node.lineno}: {func.id}()")
            elif isinstance(func, ast.Attribute):
                name = func.attr
                owner = func.value.id if isinstance(func.value, ast.Name) else None
                if name in METHODS or name.startswith("write_") or (owner, name) in MODULE_CALLS:
                    found.append(f"{node.lineno}: .{name}()")
        elif isinstance(node, ast.Attribute) and node.attr == "data":
            # the session's data engine (`session.data`); `config.data` is only settings
            value = node.value
            holder = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
            if holder in ("ws", "workspace", "session"):
                found.append(f"{node.lineno}: {holder}.data")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in MODULES:
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module, *(f"{module}.{a.name}" for a in node.names)]
            if module.split(".")[0] in MODULES or any(
                n.lstrip(".") == own or n.endswith(f".{own}") for n in names for own in OWN_MODULES
            ):
                found.append(f"{node.lineno}: from {'.' * node.level}{module} import ...")
    return found


def test_the_builders_are_found():
    names = {p.relative_to(RENDER).as_posix() for p in BUILDERS}
    assert {
        "pages/persona.py",
        "pages/journey.py",
        "pages/note.py",
        "pages/decision.py",
        "pages/evidence.py",
        "pages/segment.py",
        "pages/index.py",
        "pages/base.py",
    } <= names


@pytest.mark.parametrize("path", BUILDERS, ids=lambda p: p.relative_to(RENDER).as_posix())
def test_page_builders_do_no_file_or_database_io(path: Path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "open('x')",
        "Path('x').read_text()",
        "p.read_bytes()",
        "p.write_text('x')",
        "out.write_bytes(b'')",
        "import os\nos.open('x', 0)",
        "os.scandir('.')",
        "import duckdb",
        "from duckdb import connect",
        "con.connect()",
        "cur.execute('select 1')",
        "ws.data.members('p', today)",
        "site.ws.data.count(c, today)",
        "site.session.data.count(c, today)",
        "from ...data.snapshots import read_snapshots",
        "from ..fs import atomic_write",
    ],
)
def test_the_check_catches_io(snippet: str):
    assert violations(snippet), snippet


def test_the_check_lets_plain_code_through():
    assert violations("x = site.ws.config.data\ny = sorted(ws.notes.values())\nz = f(a).b") == []
