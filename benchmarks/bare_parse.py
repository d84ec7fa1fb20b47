"""The floor lint is measured against: read every file and parse its YAML with libyaml.

YAML files are loaded whole; Markdown files have their front matter loaded. Nothing
else: no validation, no quotes, no rules.

    python benchmarks/bare_parse.py WORKSPACE
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

Loader = yaml.CSafeLoader


def parse_all(root: Path) -> int:
    parsed = 0
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
            parsed += 1
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            end = text.find("\n---", 3)
            yaml.load(text[4:end], Loader=Loader)
            parsed += 1
    return parsed


if __name__ == "__main__":
    print(parse_all(Path(sys.argv[1])))
