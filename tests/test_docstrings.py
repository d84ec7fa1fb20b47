"""Every public function, method and class of personakit says in a docstring what it is for.

Read with `ast`, so nothing is imported. A module-level class or function whose name
does not start with `_` needs a docstring, and so does each such method of a public
class. Nested functions belong to their parent and are not checked. A docstring says
what the thing is for, in a line; it does not restate the name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "personakit"

# Folders or modules exempt from the check (none: every module is checked).
PENDING: list[str] = []


def _modules() -> list[Path]:
    def pending(path: Path) -> bool:
        return path.relative_to(PACKAGE).parts[0] in PENDING

    return [p for p in sorted(PACKAGE.rglob("*.py")) if not pending(p)]


def _public(node: ast.AST) -> bool:
    """Public, and not an `@overload` signature (the implementation carries the docstring)."""
    decorators = getattr(node, "decorator_list", [])
    overload = any(
        (isinstance(d, ast.Name) and d.id == "overload")
        or (isinstance(d, ast.Attribute) and d.attr == "overload")
        for d in decorators
    )
    return not overload and not getattr(node, "name", "_").startswith("_")


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


def test_the_documented_modules_are_checked():
    checked = {str(p.relative_to(PACKAGE)) for p in _modules()}
    for name in ("data/engine.py", "report/sarif.py", "scaffold/new.py", "findings.py", "vcs.py"):
        assert name in checked


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_public_function_and_class_has_a_docstring(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    missing = [f"{path.relative_to(PACKAGE)}:{line}: {name}" for line, name in _undocumented(tree)]
    assert not missing, "no docstring:\n" + "\n".join(missing)
