"""What `--public` masks: e-mail addresses, phone numbers and real names, found by the
same patterns as lint's PK301."""

from __future__ import annotations

import re

from ..rules.pii import DIGIT_RE, EMAIL_RE, PHONE_RE, is_phone


def mask(text: str, names: list[str]) -> str:
    """Replace e-mail addresses, phone numbers and listed real names with placeholders."""
    if "@" in text:
        text = EMAIL_RE.sub("[email]", text)
    if DIGIT_RE.search(text):
        text = PHONE_RE.sub(lambda m: "[phone]" if is_phone(m.group()) else m.group(), text)
    for name in names:
        text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
    return text
