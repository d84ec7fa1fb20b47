"""A tiny YAML writer for generated workspaces.

The fuzz suite builds files from Python structures whose leaves may be `Raw` YAML
source (a tag, an alias, a malformed flow collection): text a real YAML writer would
never produce, which is the point. Everything else is written the plain way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Raw:
    """YAML source put into the file as it is."""

    text: str


def scalar(value: Any) -> str:
    """One value in flow position."""
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # A plain scalar where that is safe keeps the files readable; JSON quoting is
        # valid YAML for everything else.
        plain = value.replace("-", "").replace("_", "").replace(" ", "").isalnum()
        special = value.lower() in {"yes", "no", "on", "off", "null", "true", "false", "y", "n"}
        if plain and value[0].isalpha() and not special:
            return value
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return json.dumps(str(value))


def dump(value: Any, indent: int = 0) -> str:
    """A mapping or list in block style, nested collections in block style too."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{scalar(key)}:")
                lines.append(dump(item, indent + 2).rstrip("\n"))
            else:
                lines.append(f"{pad}{scalar(key)}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                body = dump(item, indent + 2).rstrip("\n")
                lines.append(f"{pad}- {body.lstrip()}")
            elif isinstance(item, list) and item:
                lines.append(f"{pad}- {scalar(item)}")
            else:
                lines.append(f"{pad}- {scalar(item)}")
    else:
        lines.append(pad + scalar(value))
    return "\n".join(lines) + "\n"


def note(front: Any, body: str) -> str:
    """A Markdown note: front matter between `---` lines, then the body."""
    head = front.text if isinstance(front, Raw) else dump(front)
    return f"---\n{head.rstrip(chr(10))}\n---\n{body}"
