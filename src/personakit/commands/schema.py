"""`personakit schema [--out DIR]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def run(out: Path | None) -> int:
    from ..scaffold.files import replace_file, write_new
    from ..schemas import schema_texts, schemas

    if out is None:
        sys.stdout.write(json.dumps(schemas(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_texts().items():
        path = out / name
        if path.exists():
            replace_file(path, text)
        else:
            write_new(path, text)
        print(f"Wrote {path}")
    hint = "# yaml-language-server: $schema=../schemas/persona.schema.json"
    print(f"Point your editor at them with a first line such as `{hint}`.")
    return 0
