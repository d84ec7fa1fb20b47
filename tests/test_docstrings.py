"""Every public function, method and class of personakit says in a docstring what it is for.

Read with `ast`, so nothing is imported: a name not starting with `_` (in a module or
package whose own name does not start with `_` either) needs a docstring. Nested
functions are private to their parent and are not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "personakit"

# Checked now: the modules issue 12's hygiene work documented.
CHECKED = [
    "data",
    "report",
    "scaffold",
    "formatter.py",
    "persona_diff.py",
    "vcs.py",
    "changes.py",
    "schemas.py",
    "review.py",
    "terminal.py",
    "errors.py",
    "links.py",
    "personal_data.py",
    "gc_pause.py",
    "findings.py",
]
# Being restructured on other branches of issue 12, which write their docstrings as they
# go: move each into CHECKED once it has landed (then drop this list and check all).
PENDING = [
    "model",
    "model.py",
    "workspace",
    "session.py",
    "rules",
    "linter.py",
    "render",
    "cli",
    "commands",
    "evidence.py",
    "dates.py",
    "fs.py",
]


def _modules() -> list[Path]:
    files: list[Path] = []
    for name in CHECKED:
        path = PACKAGE / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [f for f in files if f.exists()]


def _public(node: ast.AST) -> bool:
    return not getattr(node, "name", "_").startswith("_")


def _undocumented(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, qualified name) of each public class, function and method with no docstring."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _public(node):
            if ast.get_docstring(node) is None:
                yield node.lineno, node.name
        elif isinstance(node, ast.ClassDef) and _public(node):
            if ast.get_docstring(node) is None:
                yield node.lineno, node.name
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and _public(item)
                    and ast.get_docstring(item) is None
                ):
                    yield item.lineno, f"{node.name}.{item.name}"


def test_the_checked_modules_exist():
    assert _modules(), CHECKED
    for name in CHECKED:
        assert (PACKAGE / name).exists(), f"{name} is in CHECKED but not in src/personakit"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_public_function_and_class_has_a_docstring(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    missing = [f"{path.relative_to(PACKAGE)}:{line}: {name}" for line, name in _undocumented(tree)]
    assert not missing, "no docstring:\n" + "\n".join(missing)


def test_every_module_is_checked_or_pending():
    """A new top-level module or package is checked from the start."""
    known = set(CHECKED) | set(PENDING) | {"__init__.py", "__main__.py", "templates"}
    top = {p.name for p in PACKAGE.iterdir() if not p.name.startswith((".", "_")) or p.suffix}
    top = {n for n in top if n.endswith(".py") or (PACKAGE / n).is_dir()}
    top.discard("__pycache__")
    assert not top - known, f"add to CHECKED: {sorted(top - known)}"
