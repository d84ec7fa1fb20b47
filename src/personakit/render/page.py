"""One page of a site, as page builders make it and templates render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One page of the site: where it goes, which template formats it, and its context."""

    path: str  # relative to the output folder, forward slashes
    template: str  # e.g. "persona" → render/html/persona.html.j2
    context: dict[str, Any] = field(default_factory=dict)
    # For a note page: what redoes it after an edit to the note's prose alone (its
    # file, where its body starts, its title, its quotes' first lines; pages/note.py).
    rebuild: dict[str, Any] | None = None
