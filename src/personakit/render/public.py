"""What `--public` leaves out and masks: internal notes and quotes, personal data."""

from __future__ import annotations

import re

from ..rules.pii import EMAIL_RE, PHONE_RE

_DIGIT_RE = re.compile(r"\d")


def mask(text: str, names: list[str]) -> str:
    """Replace e-mail addresses, phone numbers and listed real names with placeholders."""
    if "@" in text:
        text = EMAIL_RE.sub("[email]", text)
    if _DIGIT_RE.search(text):
        text = PHONE_RE.sub(
            lambda m: "[phone]" if sum(ch.isdigit() for ch in m.group()) >= 9 else m.group(), text
        )
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
    return text
