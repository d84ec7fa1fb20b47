"""Anything unexpected is one line on stderr and exit code 2; tracebacks only on request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from personakit.cli import app

# A command whose library call has a bug: the linter the lint command calls raises.
BOOM = (
    "import sys, personakit.linter as m\n"
    "def run(*a, **k):\n"
    "    raise RuntimeError('boom\\nsecond line')\n"
    "m.lint = run\n"
    "from personakit.cli import main\n"
    "sys.argv = ['personakit', *sys.argv[1:]]\n"
    "main()\n"
)


def _boom(root: Path, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-c", BOOM, *args, "--root", str(root), "lint"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_internal_error_is_one_line_and_exit_2(make_workspace):
    proc = _boom(make_workspace())
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("personakit: internal error: RuntimeError: boom second line ")
    assert "--debug" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_debug_flag_and_variable_show_the_traceback(make_workspace):
    root = make_workspace()
    assert "Traceback" in _boom(root, "--debug").stderr
    assert "Traceback" in _boom(root, env={"PERSONAKIT_DEBUG": "1"}).stderr


def test_internal_error_through_the_runner_exits_2(make_workspace, monkeypatch):
    import personakit.linter as library

    def broken(*args, **kwargs):
        raise KeyError("missing")

    monkeypatch.setattr(library, "lint", broken)
    monkeypatch.delenv("PERSONAKIT_DEBUG", raising=False)
    result = CliRunner().invoke(app, ["--root", str(make_workspace()), "lint"])
    assert result.exit_code == 2
    assert "personakit: internal error: KeyError: 'missing'" in result.output


def test_over_long_output_folder_is_one_line_exit_2(make_workspace, tmp_path):
    root = make_workspace()
    out = tmp_path / ("a" * 300)
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "--root", str(root), "render", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("personakit: error: ")
    assert "Traceback" not in proc.stderr


def test_usage_error_is_exit_2_not_1(make_workspace):
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "lint", "--no-such-option"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=make_workspace(),
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1


def test_ctrl_c_is_one_line_and_exit_130(make_workspace):
    import signal

    slow = BOOM.replace(
        "raise RuntimeError('boom\\nsecond line')",
        "print('ready', flush=True); import time; time.sleep(30)",
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", slow, "--root", str(make_workspace()), "lint"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"  # inside the command, past start-up
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "personakit: interrupted\n"


def test_root_with_a_nul_byte_is_our_one_line_error(make_workspace):
    result = CliRunner().invoke(app, ["--root", "ws\x00x", "lint"])
    assert result.exit_code == 2
    assert "personakit: error: --root: a path cannot contain a NUL byte" in result.output


def test_standard_output_closed_is_one_line_and_exit_2():
    """`personakit ... >&-`: Python starts with no stdout stream; every command says so in
    one line instead of a traceback (`--version` and a lint included, which may answer
    before the command line is built)."""
    repo = Path(__file__).resolve().parents[1]
    for args in (["--version"], ["lint", "--root", str(repo)]):
        run = subprocess.run(
            [sys.executable, "-m", "personakit", *args],
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: os.close(1),  # closes the child's stdout, not ours
            timeout=120,
        )
        assert (run.returncode, run.stderr) == (2, "personakit: error: standard output is closed\n")
