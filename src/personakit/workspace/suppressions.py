"""In-place suppressions: `# personakit: ignore[PK107] reason` or the HTML-comment form.

A suppression silences the named rules on its own line and on the line below it; for
findings about a whole file (an orphan note, a decorative persona) it may stand
anywhere in that file. A suppression without a reason silences nothing.
"""

from __future__ import annotations

import re

from ..model.records import Suppression

__all__ = ["Suppression", "find_suppressions"]

_YAML_RE = re.compile(r"#\s*personakit:\s*ignore\[([^\]]*)\](.*)$")
_MD_RE = re.compile(r"<!--\s*personakit:\s*ignore\[([^\]]*)\](.*?)-->")


def find_suppressions(text: str, markdown: bool) -> list[Suppression]:
    """All suppression comments in a file's text (cheap when there are none)."""
    if "personakit:" not in text:
        return []
    found: list[Suppression] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if "personakit:" not in line:
            continue
        # Markdown front matter is YAML, so both forms are looked for in notes.
        for regex in (_MD_RE, _YAML_RE) if markdown else (_YAML_RE,):
            match = regex.search(line)
            if match:
                rules = frozenset(r.strip() for r in match.group(1).split(",") if r.strip())
                found.append(Suppression(lineno, rules, match.group(2).strip()))
                break
    return found
