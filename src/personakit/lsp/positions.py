"""Editor columns and ours: LSP counts a line's characters in UTF-16 code units (or
the encoding the client and server agreed on), the workspace in code points, and a
buffer may end its lines with CRLF where the loader read LF.

Everything in lsp/ below the server works on `lines_of(text)` and code-point columns;
the server converts at the edge, in both directions, with the line the column is on.
"""

from __future__ import annotations

_UNITS = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
_WIDTH = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def normal(text: str) -> str:
    """`text` without a byte-order mark and with CRLF line ends made LF, as the loader
    reads every file (workspace/reading.py, decode_text)."""
    if text[:1] == "\ufeff":
        text = text[1:]
    return text.replace("\r\n", "\n") if "\r" in text else text


def lines_of(text: str) -> list[str]:
    """The lines of `text` without their ends: CRLF, LF or a lone CR, each one line end
    as the YAML parser and the editor count them."""
    text = normal(text)
    return text.replace("\r", "\n").split("\n") if "\r" in text else text.split("\n")


def units(chars: str, encoding: str = "utf-16") -> int:
    """How many code units of `encoding` (utf-8, utf-16, utf-32) `chars` takes."""
    codec = _UNITS.get(encoding, "utf-16-le")
    return len(chars.encode(codec, "surrogatepass")) // _WIDTH.get(encoding, 2)


def to_client(line: str, column: int, encoding: str = "utf-16") -> int:
    """The client's column of code-point `column` in `line`."""
    return units(line[: max(column, 0)], encoding)


def from_client(line: str, column: int, encoding: str = "utf-16") -> int:
    """The code-point column of the client's `column` in `line` (one inside a character
    that takes two units counts as that character's start)."""
    seen = 0
    for index, char in enumerate(line):
        if seen >= column:
            return index
        seen += units(char, encoding)
        if seen > column:
            return index
    return len(line)
