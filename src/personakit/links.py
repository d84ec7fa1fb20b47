"""Which URLs personakit will put in a link: see `personakit.model.links`, where the
model's validators can reach it; this module keeps the old import path working."""

from __future__ import annotations

from .model.links import (
    SAFE_SCHEMES,
    as_browser_reads,
    is_public_web,
    is_safe,
    safe_href,
    unsafe_reason,
)

__all__ = [
    "SAFE_SCHEMES",
    "as_browser_reads",
    "is_public_web",
    "is_safe",
    "safe_href",
    "unsafe_reason",
]
