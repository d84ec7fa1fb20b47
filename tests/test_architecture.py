"""The shape of the code, checked: imports flow one way, the model is pure, rules do no I/O.

Imports are read with `ast`, so the checks see every import a module can run: at the
top and inside functions. Two kinds are not edges of the graph, because they never
run as imports of a dependency: those under `if TYPE_CHECKING:` (annotations only), and
those inside a package `__init__`'s module-level `__getattr__` (a lazy re-export, which
runs only when a caller asks for the name).
"""

from __future__ import annotations

import ast
from pathlib import Path

import personakit

SRC = Path(personakit.__file__).parent
PACKAGE = "personakit"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.Module, is_package: bool) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run, top level or inside a function."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit_one(sub, top)
                continue
            lazy = isinstance(child, ast.FunctionDef) and child.name == "__getattr__"
            if top and is_package and lazy:
                continue  # a lazy re-export
            visit_one(child, top and not isinstance(child, ast.FunctionDef | ast.ClassDef))

    def visit_one(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        visit(node, top)

    visit(tree, True)
    return found


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> set[str]:
    """The personakit modules an import statement imports (a package counts as one)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join([*base, node.module] if node.module else base)
        else:
            origin = node.module or ""
        # `from . import x` imports the package itself, and x if it is a module.
        names = {origin} | {f"{origin}.{alias.name}" for alias in node.names}
    return {name for name in names if name in MODULES and name != module}


def import_graph() -> dict[str, set[str]]:
    """personakit module -> the personakit modules it imports at run time."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = set()
        for node in _runtime_imports(tree, is_package):
            graph[module] |= _targets(module, node, is_package)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


# cli/'s command modules import shared options from cli/__init__, which imports them
# back to register their commands. The commands restructure of issue 12 (one module per
# command under commands/) removes that circle; then this exemption goes too.
_PENDING: list[list[str]] = []


def test_no_import_cycles():
    assert [c for c in cycles(import_graph()) if c not in _PENDING] == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_model_imports_nothing_else_from_personakit():
    outside = {
        (module, target)
        for module, targets in import_graph().items()
        if module == f"{PACKAGE}.model" or module.startswith(f"{PACKAGE}.model.")
        for target in targets
        if not target.startswith(f"{PACKAGE}.model")
    }
    # Absolute imports too, type-only ones included: the model stands alone.
    for module, path in MODULES.items():
        if not module.startswith(f"{PACKAGE}.model"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                name = node.module or ""
                if name.split(".")[0] == PACKAGE and not name.startswith(f"{PACKAGE}.model"):
                    outside.add((module, name))
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                outside.add((module, "." * node.level + (node.module or "")))
    assert outside == set()


def test_loading_turns_files_into_the_model_and_nothing_more():
    """workspace/ needs the model and the neutral helpers only: no review, no data
    engine, no evidence, no session (type-only imports included)."""
    # cache and file_stats: the note cache keeps parses between runs (note_cache.py);
    # forking: notes read by forked workers (note_pool.py).
    allowed = (
        "model",
        "errors",
        "fs",
        "dates",
        "gc_pause",
        "suggest",
        "workspace",
        "cache",
        "file_stats",
        "forking",
    )
    found = set()
    for module, path in MODULES.items():
        if not module.startswith(f"{PACKAGE}.workspace"):
            continue
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(module, node, is_package):
                    if target.split(".")[1] not in allowed:
                        found.add((module, target))
    assert found == set()


_FORBIDDEN_CALLS = {"open", "scandir", "read_text", "read_bytes", "connect", "listdir", "walk"}
_FORBIDDEN_MODULES = {"duckdb", "psycopg", "psycopg2", "pyspark", "sqlite3", "os", "io", "shutil"}


def _io_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in _FORBIDDEN_CALLS:
                found.append(f"{path.name}:{node.lineno} calls {name}()")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in _FORBIDDEN_MODULES:
                    found.append(f"{path.name}:{node.lineno} imports {alias.name}")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] in _FORBIDDEN_MODULES
        ):
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
    return found


def test_rules_open_no_files_and_no_connections():
    """Rules ask the session; they never read the disk or open an engine themselves."""
    problems = [p for path in sorted((SRC / "rules").glob("*.py")) for p in _io_in(path)]
    assert problems == []


def test_the_io_check_sees_io(tmp_path: Path):
    rule = tmp_path / "rule.py"
    rule.write_text(
        "import duckdb\nfrom os import scandir\n"
        "def check(session, options):\n"
        "    open('x')\n    session.workspace.root.read_text()\n    duckdb.connect()\n"
    )
    assert len(_io_in(rule)) == 5


def test_every_rule_module_is_registered_and_documented():
    from personakit.rules import RULES

    modules = {
        p.stem for p in (SRC / "rules").glob("*.py") if p.stem not in ("__init__", "base", "docs")
    }
    assert {rule.__name__.rsplit(".", 1)[-1] for rule in RULES.values()} == modules
    for code, rule in RULES.items():
        assert code == rule.CODE and rule.NAME and rule.SUMMARY and rule.__doc__
        assert rule.NAME.replace("-", "_") == rule.__name__.rsplit(".", 1)[-1]
        assert "## Why it matters" in rule.__doc__ and "## Example" in rule.__doc__
    assert {"PK401", "PK402", "PK403"} <= set(RULES)


def test_the_model_package_exports_what_it_imports_on_first_use():
    """personakit.model imports each name on first use: its table of where each is
    defined, `__all__` and what each module defines must agree."""
    import importlib

    import personakit.model as model

    assert sorted(model._WHERE) == sorted(model.__all__)
    for name, module in model._WHERE.items():
        defined = importlib.import_module(f"personakit.model.{module}")
        assert getattr(model, name) is getattr(defined, name)


def _private_imports(tree: ast.AST) -> list[str]:
    """Modules or names of other packages that start with `_`, imported anywhere (type
    checking included: a private module may go in any release)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if top in (PACKAGE, "tests", "__future__"):
                continue
            names = node.module.split(".") + [alias.name for alias in node.names]
            found += [node.module for part in names[1:] if part.startswith("_")][:1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] not in (PACKAGE, "tests") and any(p.startswith("_") for p in parts[1:]):
                    found.append(alias.name)
    return found


def test_no_private_module_of_a_dependency_is_imported():
    repo = Path(__file__).resolve().parent.parent
    offenders = {}
    for folder in ("src", "tests", "benchmarks", "scripts"):
        for path in sorted((repo / folder).rglob("*.py")):
            hits = _private_imports(ast.parse(path.read_text(encoding="utf-8")))
            if hits:
                offenders[str(path.relative_to(repo))] = hits
    assert offenders == {}


def test_the_private_import_check_sees_one():
    tree = ast.parse("from typer import _click\nimport pydantic._internal\nfrom yaml import load")
    assert _private_imports(tree) == ["typer", "pydantic._internal"]
