"""personakit's modules compiled to bytecode before anything is timed.

An installed package has its bytecode written at install time, and an editable one on
its first import; a machine that sets PYTHONDONTWRITEBYTECODE (this project's CI and
development machines do) never writes it, and every run then compiles each module
it imports from source again. The benchmarks time personakit as its users run it.
"""

from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def compile_package() -> None:
    """Write the bytecode of every personakit module (nothing if it is up to date)."""
    spec = importlib.util.find_spec("personakit")
    assert spec is not None and spec.origin is not None
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)
