"""What `--public` masks in text: e-mail addresses, phone numbers and real names, found
by the same module as lint's PK301 (personakit.personal_data)."""

from __future__ import annotations

from ..personal_data import DEFAULT_REGION
from ..personal_data import mask as _mask


def mask(text: str, names: list[str], region: str = DEFAULT_REGION) -> str:
    """Replace e-mail addresses, phone numbers and listed real names with placeholders."""
    return _mask(text, names, region)
