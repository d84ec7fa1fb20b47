"""Which URLs personakit will put in a link, and which hosts are internal.

A decision's `link:` and the links inside note and decision bodies come from a cloned
workspace, and a rendered site is opened in a browser. Only `http`, `https`,
`mailto` and relative paths become links; everything else (`javascript:`, `data:`,
`vbscript:`, `file:`, unknown schemes) is shown as text. A scheme cannot hide behind
case, entities (`&#106;avascript:`), whitespace or control characters: the URL is
read the way a browser reads it (entities decoded, tabs and newlines dropped, leading
and trailing spaces and control characters stripped) before its scheme is checked.
"""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# What a browser's URL parser removes before it looks for a scheme: ASCII tab and
# newline anywhere, C0 controls and spaces at either end.
_DROPPED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_INTERNAL_SUFFIXES = (".local", ".internal", ".corp", ".lan", ".localhost", ".home", ".intranet")


def as_browser_reads(url: str) -> str:
    """`url` after entity decoding and the clean-up a browser does before parsing."""
    text = html.unescape(url)
    text = _DROPPED.sub("", text)
    return text.strip(_EDGES)


def unsafe_reason(url: str) -> str | None:
    """Why `url` may not become a link, or None when it may."""
    text = as_browser_reads(url)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return "contains control characters"
    match = _SCHEME.match(text)
    if match is None:
        if text.startswith(("//", "\\\\", "/\\", "\\/")):
            return "is a network path without a scheme; write it with https://"
        if "\\" in text or ":" in text.split("/", 1)[0]:
            return "is not a relative path or an http, https or mailto URL"
        return None  # a relative path or a #fragment
    scheme = match.group(1).lower()
    if scheme not in SAFE_SCHEMES:
        return f"uses the {scheme}: scheme; only http, https, mailto and relative links are allowed"
    if scheme in ("http", "https") and not _host(text):
        return "has no host"
    return None


def is_safe(url: str) -> bool:
    """Whether `url` may be rendered as an href or src."""
    return unsafe_reason(url) is None


def safe_href(url: str | None) -> str | None:
    """`url` if it may be a link, otherwise None (the caller shows it as text)."""
    if url is None or not is_safe(url):
        return None
    return url.strip(" ")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def is_public_web(url: str) -> bool:
    """Whether `url` is http(s) on a host the public internet can reach: not
    localhost, a single-label name, an internal suffix or a private address."""
    if not is_safe(url):
        return False
    text = as_browser_reads(url)
    match = _SCHEME.match(text)
    if match is None or match.group(1).lower() not in ("http", "https"):
        return False
    host = _host(text)
    if not host or ("." not in host.strip("[]") and ":" not in host):
        return False
    if host == "localhost" or host.endswith(_INTERNAL_SUFFIXES):
        return False
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return address.is_global
