"""Ids of personas, journeys, claims and notes: lower-case words joined by hyphens."""

from __future__ import annotations

import re
import unicodedata

from ..errors import WorkspaceError

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Ids become file names (NAME.yaml, NAME.md): well under the 255 bytes a name may have.
MAX_ID = 200
# The endings a persona or journey file may have, as the loader reads them.
YAML_SUFFIXES = (".yaml", ".yml")


def check_id(value: str, what: str) -> str:
    """`value` if it is a valid id, else a one-line error saying what a valid one is."""
    # fullmatch: `$` in `match` would let a trailing line break through.
    if not isinstance(value, str) or not ID_RE.fullmatch(value) or len(value) > MAX_ID:
        suggestion = slugify(value)
        hint = f" (try {suggestion!r})" if suggestion and suggestion != value else ""
        shown = value if len(value) <= 60 else value[:60] + "…"
        raise WorkspaceError(
            f"{what} {shown!r} is not a valid id: lower-case letters, digits and hyphens, "
            f"at most {MAX_ID} characters{hint}"
        )
    return value


# Names Windows gives to devices, whatever the extension: a workspace is a git
# repository, and a teammate on Windows could not check out `personas/con.yaml`.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)


def check_file_id(value: str, what: str) -> str:
    """`check_id`, for an id that becomes a file's name: not one Windows reserves."""
    check_id(value, what)
    if value in WINDOWS_RESERVED:
        raise WorkspaceError(
            f"{what} {value!r} cannot be a file name on Windows (a device name there); "
            f"choose another, such as '{value}-1'"
        )
    return value


def slugify(text: str, max_length: int = 60) -> str:
    """`"Split onboarding: admins & teams"` → `"split-onboarding-admins-teams"`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
