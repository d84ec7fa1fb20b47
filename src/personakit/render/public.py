"""What `--public` masks in text: e-mail addresses, phone numbers and real names, found
by the same module as lint's PK301 (personakit.personal_data)."""

from __future__ import annotations

from ..personal_data import DEFAULT_REGION
from ..personal_data import mask as _mask


class Masker:
    """Masks text for one public render, keeping each text's answer: the same quotes,
    dates and names recur on many pages and are masked again once a page is built,
    and looking for phone numbers is slow (anything with five digits close together,
    a date among them, goes through the phone-number matcher)."""

    def __init__(self, names: list[str] | tuple[str, ...], region: str = DEFAULT_REGION) -> None:
        self.names = tuple(names)
        self.region = region
        self._done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        """`text` with e-mail addresses, phone numbers and listed names replaced."""
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = _mask(text, self.names, self.region)
        return done
