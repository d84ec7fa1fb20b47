"""Colour: `--color auto|always|never`, NO_COLOR and FORCE_COLOR, and never in a pipe."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from personakit.color import ColorChoice, choose, use_color

ESC = "\x1b["

UNSUPPORTED = {
    "personas/admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        anxieties:
          - text: Fears an empty first screen
        """,
}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(extra)
    return env


def run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """personakit in a subprocess, its stdout a pipe, with exactly the colour variables given."""
    return subprocess.run(
        [sys.executable, "-m", "personakit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(**env),
    )


@pytest.fixture
def flawed(make_workspace) -> Path:
    return make_workspace(UNSUPPORTED)


def test_a_pipe_gets_no_colour_by_default(flawed):
    proc = run(flawed, "lint", "--as-of", "2026-11-24")
    assert proc.returncode == 1
    assert "PK101" in proc.stdout
    assert ESC not in proc.stdout


def test_force_color_colours_a_pipe(flawed):
    proc = run(flawed, "lint", "--as-of", "2026-11-24", FORCE_COLOR="1")
    assert proc.returncode == 1
    assert f"{ESC}1;31merror" in proc.stdout


def test_no_color_wins_over_force_color(flawed):
    proc = run(flawed, "lint", FORCE_COLOR="1", NO_COLOR="1")
    assert "PK101" in proc.stdout
    assert ESC not in proc.stdout


def test_empty_variables_are_as_if_unset(flawed):
    assert ESC not in run(flawed, "lint", FORCE_COLOR="").stdout
    assert ESC in run(flawed, "lint", FORCE_COLOR="1", NO_COLOR="").stdout


@pytest.mark.parametrize("where", ["global", "command"])
def test_color_always_colours_a_pipe_even_under_no_color(flawed, where):
    args = ["--color", "always", "lint"] if where == "global" else ["lint", "--color", "always"]
    proc = run(flawed, *args, NO_COLOR="1")
    assert f"{ESC}1;31merror" in proc.stdout


@pytest.mark.parametrize("where", ["global", "command"])
def test_color_never_wins_over_force_color(flawed, where):
    args = ["--color", "never", "lint"] if where == "global" else ["lint", "--color", "never"]
    proc = run(flawed, *args, FORCE_COLOR="1")
    assert "PK101" in proc.stdout
    assert ESC not in proc.stdout


def test_the_commands_own_color_wins_over_the_global_one(flawed):
    proc = run(flawed, "--color", "always", "lint", "--color", "never")
    assert ESC not in proc.stdout


def test_a_bad_color_value_is_a_usage_error(flawed):
    proc = run(flawed, "lint", "--color", "sometimes")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "--color" in proc.stderr


def on_a_terminal(root: Path, *args: str, **env: str) -> tuple[int, str]:
    """The exit code of `personakit ARGS` run in `root` with its stdout a pseudo-terminal,
    and what it wrote there (the colour variables as given in `env`)."""
    main, child = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "personakit", *args],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=child,
            stderr=subprocess.DEVNULL,
            timeout=60,
            env=_env(**env),
        )
    finally:
        os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def _on_a_terminal(root: Path, *args: str, **env: str) -> str:
    """What a lint that finds errors writes to a terminal."""
    code, out = on_a_terminal(root, *args, **env)
    assert code == 1
    return out


def test_a_terminal_gets_colour_under_auto(flawed):
    assert f"{ESC}1;31merror" in _on_a_terminal(flawed, "lint", TERM="xterm")


def test_a_terminal_gets_none_under_no_color_never_or_dumb(flawed):
    assert ESC not in _on_a_terminal(flawed, "lint", TERM="xterm", NO_COLOR="1")
    assert ESC not in _on_a_terminal(flawed, "--color", "never", "lint", TERM="xterm")
    assert ESC not in _on_a_terminal(flawed, "lint", TERM="dumb")


def test_rich_output_follows_the_same_decision(flawed):
    # `show` and `tags` print through Rich; Rich is told our decision, not left to guess.
    assert ESC not in run(flawed, "show", "admin").stdout
    assert ESC in run(flawed, "show", "admin", FORCE_COLOR="1").stdout
    assert ESC in run(flawed, "--color", "always", "tags").stdout
    assert ESC not in run(flawed, "--color", "never", "tags", FORCE_COLOR="1").stdout


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_color_order_of_precedence():
    tty, pipe = _Tty(), io.StringIO()
    try:
        assert use_color(stream=tty, environ={}) is True
        assert use_color(stream=pipe, environ={}) is False
        assert use_color(stream=tty, environ={"TERM": "dumb"}) is False
        assert use_color(stream=tty, environ={"NO_COLOR": "1"}) is False
        assert use_color(stream=pipe, environ={"FORCE_COLOR": "0"}) is True  # any value
        assert use_color(stream=pipe, environ={"FORCE_COLOR": "1", "NO_COLOR": "1"}) is False
        assert use_color("always", stream=pipe, environ={"NO_COLOR": "1"}) is True
        assert use_color("never", stream=tty, environ={"FORCE_COLOR": "1"}) is False
        choose(ColorChoice.never)
        assert use_color(stream=tty, environ={}) is False
        assert use_color("always", stream=pipe, environ={}) is True
    finally:
        choose(None)


def test_rich_consoles_on_stderr_follow_stderr(monkeypatch):
    # Spinners and progress bars go to stderr: their colour follows stderr's terminal
    # and the same switches.
    from personakit.color import console_options

    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", _Tty())
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert console_options(stderr=True) == {"force_terminal": True, "stderr": True}
    assert console_options()["no_color"] is True
    assert console_options("never", stderr=True)["color_system"] is None
    monkeypatch.setenv("NO_COLOR", "1")
    assert console_options(stderr=True)["no_color"] is True
