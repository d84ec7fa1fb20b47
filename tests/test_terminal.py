"""Workspace text reaches the terminal literally and without control bytes."""

from __future__ import annotations

import io

from rich.console import Console

from personakit.terminal import markup, plain


def test_plain_escapes_control_characters_but_keeps_layout():
    assert plain("a\x1b[31mred\x07\x00\tb\nc\x9b") == "a\\x1b[31mred\\x07\\x00\tb\nc\\x9b"


def test_markup_is_shown_literally_by_rich():
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        markup("[bold red]x[/] [link=file:///etc]y")
    )
    assert out.getvalue() == "[bold red]x[/] [link=file:///etc]y\n"
