"""Ids of personas, journeys, claims and notes: lower-case words joined by hyphens."""

from __future__ import annotations

import re
import unicodedata

from ..errors import WorkspaceError

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_id(value: str, what: str) -> str:
    """`value` if it is a valid id, else a one-line error saying what a valid one is."""
    if not ID_RE.match(value):
        suggestion = slugify(value)
        hint = f" (try {suggestion!r})" if suggestion and suggestion != value else ""
        raise WorkspaceError(
            f"{what} {value!r} is not a valid id: lower-case letters, digits and hyphens{hint}"
        )
    return value


def slugify(text: str, max_length: int = 60) -> str:
    """`"Split onboarding: admins & teams"` → `"split-onboarding-admins-teams"`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
