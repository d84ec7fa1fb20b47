"""What reaches a terminal or a CI system from a hostile workspace.

Workspace text may hold Rich markup (`[bold red]`, `[link=...]`, an unclosed `[`) and
terminal control sequences (ESC, OSC 8 hyperlinks, NUL, bell, the C1 CSI U+009B). It
is shown literally, never interpreted, never sent raw, and never breaks a report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
import typer
from typer.testing import CliRunner

from personakit.cli import app
from personakit.errors import WorkspaceError
from personakit.findings import Finding, Severity
from personakit.linter import LintResult
from personakit.report.text import TextReporter
from tests.conftest import run_lint
from tests.test_ci_reporters import validate_sarif

MARKUP = "[bold red]red[/] [/] [link=file:///etc/passwd]x[/link] [open"
# What a terminal must never receive from the workspace: clear screen, a hyperlink,
# NUL, bell, and the one-byte CSI.
RAW = ("\x1b[2J", "\x1b]8", "\x00", "\x07", "\x9b")

# YAML's double-quoted escapes (\e, \a, \0, \x9b) put raw control characters into
# otherwise valid values.
HOSTILE_FILES = {
    "personas/evil.yaml": (
        f'name: "Eve {MARKUP}"\n'
        'role: "Sets \\e[2J up \\e]8;;file:///etc/passwd\\ax\\e]8;;\\a"\n'
        "priority: primary\n"
        "anxieties:\n"
        '  - text: "[bold red]red[/] [/] [open"\n'
        '  - text: "\\e[2J\\0\\a\\x9b31m [link=x]y"\n'
        "jobs:\n"
        "  - when: '[/]'\n"
        "    want: '[bold]x'\n"
        '    so: "\\e[2J"\n'
        "    quotes: [a#q1]\n"
    ),
    # Not YAML at all (raw ESC is refused by the parser): PK001, and its source line,
    # shown under the finding, holds the raw bytes.
    "personas/raw.yaml": "name: x\x1b[2J\x1b]8;;file:///etc/passwd\x07y [/]\n",
    "interviews/evil.md": (
        "---\nid: evil\ndate: 2026-10-03\nkind: interview\nparticipant: P09\n"
        'role: "[bold red]admin[/] \\e[2J"\n---\n'
        "> Hidden \x1b[8m text and a [link=file:///etc/passwd]link[/link]. #stalled ^q1\n"
    ),
}


@pytest.fixture
def hostile(make_workspace) -> Path:
    return make_workspace(HOSTILE_FILES)


def assert_safe(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the output"


def invoke(root: Path, *args: str, color: bool = False):
    env = {"COLUMNS": "400", "NO_COLOR": ""}
    if color:
        env["FORCE_COLOR"] = "1"
        env["TERM"] = "xterm-256color"
    return CliRunner().invoke(app, ["--root", str(root), *args], env=env)


# 1. Rich markup is shown literally --------------------------------------------------


@pytest.mark.parametrize("color", [False, True])
def test_show_prints_markup_and_controls_literally(hostile: Path, color: bool):
    result = invoke(hostile, "show", "evil", color=color)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Eve {MARKUP}" in out  # the panel's title, brackets and all
    assert "[bold red]red[/] [/] [open" in out
    assert "[link=x]y" in out
    assert "Sets \\x1b[2J up \\x1b]8;;file:///etc/passwd\\x07x" in out
    assert_safe(out)
    if color:
        assert "\x1b[" in out  # colour really was on: Rich's own styles are there


@pytest.mark.parametrize("color", [False, True])
def test_tags_prints_markup_and_controls_literally(hostile: Path, color: bool):
    result = invoke(hostile, "tags", color=color)
    assert result.exit_code == 0, result.output
    assert "[bold red]admin[/] \\x1b[2J" in result.output  # a role, as a column
    assert_safe(result.output)
    data = json.loads(invoke(hostile, "tags", "--format", "json").output)
    assert "[bold red]admin[/] \x1b[2J" in data["participants"]  # JSON keeps exact text


def _messages_and_lines(root: Path) -> LintResult:
    return run_lint(root)


@pytest.mark.parametrize("color", [False, True])
def test_text_reporter_shows_messages_and_source_lines_literally(hostile: Path, color: bool):
    result = run_lint(hostile)
    out = TextReporter(color=color).render(result)
    assert_safe(out)
    assert '"[bold red]red[/] [/] [open" has no quote or count' in out
    assert "personas/raw.yaml:1:" in out
    assert "name: x\\x1b[2J\\x1b]8;;file:///etc/passwd\\x07y [/]" in out  # source line
    assert "\\x1b[2J\\x00\\x07\\x9b31m [link=x]y" in out
    if color:
        assert "\x1b[1;31merror\x1b[0m" in out


def test_lint_text_through_the_cli(hostile: Path):
    result = invoke(hostile, "lint", "--as-of", "2026-11-24")
    assert result.exit_code == 1
    assert "[bold red]red[/] [/] [open" in result.output
    assert_safe(result.output)


# 3. CI formats: escaped where it matters, exact where JSON keeps it ------------------


def test_github_annotations_cannot_be_broken_or_injected(hostile: Path):
    result = invoke(hostile, "lint", "--format", "github", "--as-of", "2026-11-24")
    assert result.exit_code == 1
    assert_safe(result.output)
    for line in result.output.splitlines():
        level, _, rest = line.partition(" ")
        assert level in ("::error", "::warning", "::notice")
        props, sep, _message = rest.partition("::")
        assert sep and "::" not in props.replace("%3A", "")
        assert set(dict(p.split("=", 1) for p in props.split(","))) == {
            "file",
            "line",
            "col",
            "title",
        }


def test_github_annotation_of_a_hostile_finding():
    from personakit.report.github import annotation

    finding = Finding(
        "personas/a::b,c\n::error file=x.yaml::pwned.yaml",
        1,
        1,
        "PK101",
        "unsupported-claim",
        Severity.error,
        "x\n::error file=evil.yaml::injected\r\n\x1b[2J 100%",
    )
    line = annotation(finding)
    assert "\n" not in line and "\r" not in line
    # The properties end at the first `::`; after it, `::` in the message is harmless
    # because the message cannot leave its line.
    props = line[2:].split("::", 1)[0]
    assert props == (
        "error file=personas/a%3A%3Ab%2Cc%0A%3A%3Aerror file=x.yaml%3A%3Apwned.yaml,"
        "line=1,col=1,title=PK101 unsupported-claim"
    )
    assert "%0A::error file=evil.yaml::injected%0D%0A\\x1b[2J 100%25" in line


def test_step_summary_of_a_hostile_finding(hostile: Path):
    from personakit.report.github import summary_markdown

    text = summary_markdown(run_lint(hostile))
    assert_safe(text)
    for line in text.splitlines():
        if line.startswith("| ") and "PK" in line:
            assert line.replace("\\|", "").count("|") == 5  # the table keeps four columns


def test_junit_stays_valid_xml_with_control_characters(hostile: Path):
    result = invoke(hostile, "lint", "--format", "junit", "--as-of", "2026-11-24")
    assert result.exit_code == 1
    assert_safe(result.output)
    root = ET.fromstring(result.output.encode())
    messages = [f.attrib["message"] for f in root.iter("failure")]
    assert any("\\x1b[2J\\x00\\x07\\x9b31m" in m for m in messages)


def test_junit_forbidden_characters_are_escaped():
    from personakit.report.junit import JunitReporter

    bad = "nul\x00 bell\x07 esc\x1b vt\x0b ff\x0c fffe\ufffe ffff\uffff surrogate\ud800 ok\t\n"
    finding = Finding("a\x01.yaml", 1, 1, "PK101", "unsupported-claim", Severity.error, bad)
    result = LintResult([finding], ["a\x01.yaml"], SimpleNamespace(texts={}))
    xml = JunitReporter().render(result)
    ET.fromstring(xml.encode("utf-8", "surrogatepass"))  # parses: nothing XML forbids
    assert "\\x00" in xml and "\\ufffe" in xml and "\\ud800" in xml


def test_json_and_sarif_keep_exact_text_and_no_raw_c1(hostile: Path):
    out = invoke(hostile, "lint", "--format", "json", "--as-of", "2026-11-24").output
    assert "\x9b" not in out and "\x1b" not in out
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any("\x1b[2J\x00\x07\x9b31m [link=x]y" in m for m in messages)
    out = invoke(hostile, "lint", "--format", "sarif", "--as-of", "2026-11-24").output
    assert "\x9b" not in out and "\x1b" not in out
    log = json.loads(out)
    validate_sarif(log)
    texts = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert any("\x1b[2J\x00\x07\x9b31m [link=x]y" in t for t in texts)


# 4. The text reporter is linear ------------------------------------------------------


def _synthetic(n: int) -> LintResult:
    text = "\n".join(f"  - text: claim {i} [bold]x[/]" for i in range(n))
    findings = [
        Finding(
            "personas/big.yaml",
            i + 1,
            5,
            "PK101",
            "unsupported-claim",
            Severity.error,
            f'"claim {i}" has no quote or count',
        )
        for i in range(n)
    ]
    # A stand-in workspace: the reporters read only its `texts`.
    workspace = SimpleNamespace(texts={"personas/big.yaml": text})
    return LintResult(findings, ["personas/big.yaml"], workspace)  # type: ignore[arg-type]


def _time(result: LintResult) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        TextReporter(color=True).render(result)
        best = min(best, time.process_time() - start)
    return best


def test_text_reporter_grows_linearly():
    small, large = _synthetic(5_000), _synthetic(50_000)
    t_small = max(_time(small), 0.02)  # a floor, so that timer noise cannot fail it
    t_large = _time(large)
    # Ten times the findings: linear is about 10x, quadratic about 100x.
    assert t_large < 25 * t_small, (t_small, t_large)
    assert t_large < 10, t_large


# 5. An unusable GITHUB_STEP_SUMMARY ----------------------------------------------------


def _lint_in_actions(root: Path, summary: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
    return subprocess.run(
        [sys.executable, "-m", "personakit", "lint", "--as-of", "2026-11-24"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize("kind", ["folder", "missing-folder", "too-long", "unwritable"])
def test_unusable_step_summary_is_one_line_after_the_annotations(
    hostile: Path, tmp_path: Path, kind: str
):
    if kind == "folder":
        summary = tmp_path
    elif kind == "missing-folder":
        summary = tmp_path / "no-such-folder" / "summary.md"
    elif kind == "too-long":
        summary = tmp_path / ("s" * 300)
    elif os.geteuid() == 0:
        summary = Path("/proc/version")  # root may write anywhere, but not there
    else:
        summary = tmp_path / "summary.md"
        summary.write_text("")
        summary.chmod(0o444)
    proc = _lint_in_actions(hostile, str(summary))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.startswith("::error file=")  # the annotations came first
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("personakit: error: GITHUB_STEP_SUMMARY=")
    assert "cannot append the summary" in lines[0]


def test_step_summary_with_a_nul_byte(tmp_path: Path):
    # An environment variable cannot carry NUL, but the function must not rely on that.
    from personakit.commands.lint import append_summary

    with pytest.raises(WorkspaceError, match=r"GITHUB_STEP_SUMMARY=.*NUL byte"):
        append_summary(str(tmp_path / "a\x00b"), "x")


# 2. Help texts keep their square brackets ------------------------------------------


def test_new_job_help_shows_its_brackets():
    result = CliRunner().invoke(app, ["new", "job", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "When [situation]" in result.output
    assert "I want [motivation]" in result.output
    assert "so I can [outcome]." in result.output


def _command_paths(command, prefix: tuple[str, ...] = ()):
    yield prefix
    if getattr(command, "commands", None):  # a group
        for name, sub in command.commands.items():
            yield from _command_paths(sub, (*prefix, name))


def test_every_command_help_exits_0():
    root = typer.main.get_command(app)
    paths = list(_command_paths(root))
    assert ("new", "job") in paths and ("lint",) in paths
    for path in paths:
        result = CliRunner().invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_a_diff_keeps_crlf_line_endings_and_escapes_every_other_control():
    # `lint --diff` of a CRLF file must apply with patch; a carriage return inside a
    # line would let a hostile file overwrite what the terminal shows.
    from personakit.terminal import plain_lines

    assert plain_lines("a\r\nb\rc\x1b[31m\r\r\n") == "a\r\nb\\x0dc\\x1b[31m\\x0d\r\n"
