"""Hostile and faulty input to the commands that write workspace files (issue 11).

`new`, `init`, `fmt`, `review` and `schema` either write exactly what was asked, or
say why not on one line (exit 2) and write nothing: no injected field or quote, no
write through a link or outside the workspace, no lost line endings, no temp files.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.main import get_command
from typer.testing import CliRunner

from personakit.cli import app, run
from personakit.commands.asking import split_values
from personakit.workspace.frontmatter import split_front_matter
from personakit.workspace.notes import parse_body

HOSTILE = [
    "P07\nrole: admin",
    "x: y",
    "\"'",
    "[a, b]",
    "{a: 1}",
    "#c",
    "&a",
    "*a",
    "!!python/object",
    "---",
    "> fake ^q9",
    "a\x00b",
    "w" * 10_000,
    "x\r\ny: 1",
    "a\u2028b",
    "a\x85b",
    "a\x1b[31mred",
    "- item",
    "? key",
    "|",
    "null",
    "2026-01-01",
    "<!-- personakit: ignore[PK101] -->",
]
IDS = [repr(v)[:30] for v in HOSTILE]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path, with its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


# Built once: Typer rebuilds the whole command tree on every `invoke` of its runner,
# which would be most of the time of the hundreds of runs below.
COMMAND = get_command(app)


@dataclass
class Ran:
    """What a run of the command line left: its exit code and its two streams."""

    exit_code: int
    stdout: str
    stderr: str


def cli(*args: str) -> Ran:
    """Run the command line as `personakit.cli.main` does (a usage error such as a
    value not among an option's choices is one line, exit 2), on the prebuilt tree."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = run(lambda: COMMAND.main(list(args), prog_name="personakit", standalone_mode=False))
        sys.stdout.flush()
        sys.stderr.flush()
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())


def assert_refused(result: Any, *needles: str) -> None:
    """Exit 2 and exactly one line on stderr, ours, never a traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("personakit: error: "), lines[0]
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def no_temp_files(root: Path) -> None:
    assert not [p for p in root.rglob(".*.tmp")], list(root.rglob(".*.tmp"))


@pytest.fixture
def ws(make_workspace) -> Path:
    return make_workspace()


def _front(path: Path) -> tuple[dict[str, Any], str, list[str]]:
    front = split_front_matter(path.read_text(encoding="utf-8"))
    body = parse_body(front.body, front.body_line)
    return front.doc.data, body.title or "", [q.anchor for q in body.quotes]


def _one_new_file(before: dict[str, bytes], root: Path) -> Path:
    after = tree(root)
    added = [rel for rel in after if rel not in before]
    changed = [rel for rel in before if before[rel] != after.get(rel)]
    assert len(added) == 1 and not changed, (added, changed)
    return root / added[0]


def _run_hostile(
    root: Path, args: list[str], check: Callable[[Path], None], *, changes: str | None = None
) -> None:
    """Run `new ...`: either one file appears (or `changes` changes) and passes `check`,
    or the command is refused with one line and nothing at all is written."""
    before = tree(root)
    result = cli(*args, "--no-input", "--root", str(root))
    if result.exit_code != 0:
        assert_refused(result)
        assert tree(root) == before
        return
    if changes is None:
        check(_one_new_file(before, root))
    else:
        after = tree(root)
        assert [rel for rel in after if before.get(rel) != after[rel]] == [changes]
        check(root / changes)
    no_temp_files(root)


PERSONA_KEYS = {"name", "role", "priority", "buying_influence", "context", "owner"}


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
@pytest.mark.parametrize("flag", ["--name", "--role", "--owner", "--context"])
def test_new_persona_values_cannot_inject(ws: Path, flag: str, value: str):
    args = ["new", "persona", "hostile", "--name", "N", "--role", "R", f"{flag}={value}"]

    def check(path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= PERSONA_KEYS
        field = flag[2:]
        if flag == "--context":
            assert data.get("context", []) == split_values([value])
        else:
            assert data[field] == value

    _run_hostile(ws, args, check)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_new_persona_id_is_refused_unless_valid(ws: Path, value: str):
    before = tree(ws)
    assert_refused(cli("new", "persona", "--no-input", "--root", str(ws), "--", value))
    assert tree(ws) == before


NOTE_KEYS = {"date", "kind", "participant", "role", "account", "tags", "consent"}


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
@pytest.mark.parametrize(
    "flag", ["--participant", "--role", "--account", "--title", "--tag", "--id", "--kind"]
)
def test_new_interview_values_cannot_inject(ws: Path, flag: str, value: str):
    args = ["new", "interview", "--participant", "P01", "--date", "2026-10-09", f"{flag}={value}"]

    def check(path: Path) -> None:
        data, title, anchors = _front(path)
        assert set(data) <= NOTE_KEYS
        assert anchors == []
        if flag == "--title":
            assert title == value
        elif flag == "--tag":
            assert data["tags"] == split_values([value])
        elif flag == "--id":
            assert path.stem == value
        else:
            assert data[flag[2:]] == value

    _run_hostile(ws, args, check)


@pytest.mark.parametrize("value", [v for v in HOSTILE if v != "2026-01-01"])
def test_new_interview_date_is_validated(ws: Path, value: str):
    before = tree(ws)
    assert_refused(
        cli("new", "interview", "--participant", "P01", f"--date={value}", "--root", str(ws)),
        "--date",
    )
    assert tree(ws) == before


@pytest.mark.parametrize("value", ["20261009", "2026-W41-5", "2026-10-09T00:00", "2026-02-30"])
def test_dates_take_one_form_only(ws: Path, value: str):
    before = tree(ws)
    result = cli("new", "decision", "Ship it", f"--date={value}", "--no-input", "--root", str(ws))
    assert_refused(result, "--date", "is not a date")
    assert tree(ws) == before


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
@pytest.mark.parametrize("flag", ["--title", "--step"])
def test_new_journey_values_cannot_inject(ws: Path, flag: str, value: str):
    args = ["new", "journey", "renewal", "--title", "T", "--step", "First", f"{flag}={value}"]

    def check(path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"title", "steps"}
        assert all(set(step) == {"id", "title"} for step in data["steps"])
        if flag == "--title":
            assert data["title"] == value
        else:
            assert all(step["title"] in value or step["title"] == "First" for step in data["steps"])

    _run_hostile(ws, args, check)


DECISION_KEYS = {"date", "status", "personas", "rests_on", "link"}


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
@pytest.mark.parametrize("flag", ["TITLE", "--link", "--persona", "--rests-on", "--status"])
def test_new_decision_values_cannot_inject(ws: Path, flag: str, value: str):
    if flag == "TITLE":
        args = ["new", "decision", "--date", "2026-10-09", "--", value]
    else:
        args = ["new", "decision", "--date", "2026-10-09", f"{flag}={value}", "--", "Ship it"]

    def check(path: Path) -> None:
        data, title, anchors = _front(path)
        assert set(data) <= DECISION_KEYS
        assert anchors == []
        if flag == "TITLE":
            assert title == value
        elif flag == "--link":
            assert data["link"] == value
        elif flag == "--persona":
            assert data["personas"] == split_values([value])
        elif flag == "--rests-on":
            assert data["rests_on"] == split_values([value])
        else:
            assert data["status"] == value

    # `--` ends the options, so the shared `--no-input --root` go before it.
    before = tree(ws)
    cut = args.index("--")
    result = cli(*args[:cut], "--no-input", "--root", str(ws), *args[cut:])
    if result.exit_code != 0:
        assert_refused(result)
        assert tree(ws) == before
        return
    check(_one_new_file(before, ws))


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
@pytest.mark.parametrize("flag", ["--when", "--want", "--so", "--id"])
def test_new_job_values_cannot_inject(ws: Path, flag: str, value: str):
    args = ["new", "job", "admin", "--when", "W", "--want", "Get going", "--so", "S"]
    args.append(f"{flag}={value}")
    old = yaml.safe_load((ws / "personas/admin.yaml").read_text())

    def check(path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        job = data.pop("jobs")[-1]
        assert data == old
        assert set(job) == {"id", "when", "want", "so"}
        if flag == "--id":
            assert job["id"] == value
        else:
            assert job[flag[2:]] == " ".join(value.split())

    _run_hostile(ws, args, check, changes="personas/admin.yaml")


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_new_job_persona_argument_is_an_id(ws: Path, value: str):
    before = tree(ws)
    result = cli("new", "job", "--when=a", "--want=b", "--so=c", "--root", str(ws), "--", value)
    assert_refused(result)
    assert tree(ws) == before


def test_new_job_persona_with_dot_dot_reaches_no_file_outside(ws: Path):
    (ws.parent / "victim.yaml").write_text("name: V\nrole: R\n")
    result = cli("new", "job", "--when=a", "--want=b", "--so=c", "--root", str(ws), "../victim")
    assert_refused(result, "persona id")
    assert (ws.parent / "victim.yaml").read_text() == "name: V\nrole: R\n"


def test_an_override_template_that_formats_values_by_hand_writes_nothing(make_workspace):
    root = make_workspace(
        {
            "templates/new/interview.md.j2": (
                "---\ndate: {{ date }}\nkind: {{ kind }}\nparticipant: {{ participant }}\n"
                "tags: []\nconsent: {{ consent }}\n---\n# {{ title }}\n"
            )
        }
    )
    before = tree(root)
    result = cli(
        "new", "interview", "--participant", "x, role: admin", "--no-input", "--root", str(root)
    )
    assert_refused(result, "templates/new/interview.md.j2", "nothing written")
    assert tree(root) == before
    # Harmless values still go through the same template.
    ok = cli("new", "interview", "--participant", "P09", "--no-input", "--root", str(root))
    assert ok.exit_code == 0, ok.stderr


# --- line endings and byte-order marks (new job, fmt) -------------------------------

PERSONA = "name: Olivia\nrole: Sets up\npriority: primary\n# a comment\njobs:\n  - id: a\n    when: w\n    want: x\n    so: y\n"


def test_new_job_keeps_crlf_and_bom(ws: Path):
    path = ws / "personas/admin.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + PERSONA.replace("\n", "\r\n").encode())
    result = cli("new", "job", "admin", "--when=W", "--want=Get going", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:]
    assert body.count(b"\n") == body.count(b"\r\n") > 0
    assert body.decode().replace("\r\n", "\n").startswith(PERSONA)
    assert yaml.safe_load(body.decode())["jobs"][-1]["want"] == "Get going"


@pytest.mark.parametrize(
    "raw",
    [
        PERSONA.replace("\n", "\r\n", 2).encode(),  # mixed endings
        PERSONA.replace("role: Sets up", "role: Sets\rup").encode(),  # a lone CR
        PERSONA.replace("Olivia", "Ol\xedvia").encode("latin-1"),  # not UTF-8
    ],
    ids=["mixed", "lone-cr", "latin-1"],
)
def test_new_job_refuses_a_file_it_cannot_write_back_exactly(ws: Path, raw: bytes):
    path = ws / "personas/admin.yaml"
    path.write_bytes(raw)
    result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/admin.yaml")
    assert path.read_bytes() == raw


UNFORMATTED = "role: Sets up\nname: Olivia  # kept\npriority: primary\n"


def test_fmt_keeps_crlf_and_bom(ws: Path):
    path = ws / "personas/admin.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + UNFORMATTED.replace("\n", "\r\n").encode())
    result = cli("fmt", "--root", str(ws))
    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode()
    assert text.count("\n") == text.count("\r\n")
    assert text.replace("\r\n", "\n") == "name: Olivia  # kept\nrole: Sets up\npriority: primary\n"


def test_fmt_refuses_mixed_line_endings_and_formats_the_rest(ws: Path):
    mixed = UNFORMATTED.replace("\n", "\r\n", 1).encode()
    (ws / "personas/admin.yaml").write_bytes(mixed)
    (ws / "personas/other.yaml").write_text(UNFORMATTED)
    result = cli("fmt", "--root", str(ws))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "personakit: error: personas/admin.yaml: mixes CRLF and LF line endings; "
        "make them consistent first; left as it is"
    ]
    assert (ws / "personas/admin.yaml").read_bytes() == mixed
    assert (ws / "personas/other.yaml").read_text().startswith("name: Olivia")


# --- fmt on files it must not touch -------------------------------------------------

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "latin-1": ("name: Ol\xedvia\nrole: r\n".encode("latin-1"), "personas/bad.yaml:1: "),
    "set": (b"name: x\nrole: r\ncontext: !!set {a, b}\n", "personas/bad.yaml:3: "),
    "python-tag": (b"name: !!python/object:os.system x\nrole: r\n", "personas/bad.yaml:1: "),
    "duplicate": (b"name: x\nrole: r\nname: y\n", "personas/bad.yaml:3: "),
    "invalid": (b"name: [x\nrole: r\n", "personas/bad.yaml:1: "),  # where the [ opens
}
# Tagged values the safe loader cannot build: the file is named (the line too, once the
# loader reports it).
UNBUILDABLE = ["!!bool maybe", '!!int ""', "!!float x", "!!timestamp 2026-13-45"]


@pytest.mark.parametrize("value", UNBUILDABLE)
def test_fmt_and_new_job_name_a_file_with_an_unbuildable_value(ws: Path, value: str):
    path = ws / "personas/admin.yaml"
    path.write_text(f"name: {value}\nrole: r\n")
    before = tree(ws)
    assert_refused(cli("fmt", "--root", str(ws)), "personas/admin.yaml")
    result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/admin.yaml")
    assert tree(ws) == before


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_fmt_reports_a_bad_file_by_name_and_line_and_writes_nothing(ws, case, check):
    raw, where = BAD_FILES[case]
    (ws / "personas/bad.yaml").write_bytes(raw)
    before = tree(ws)
    result = cli("fmt", *(["--check"] if check else []), "--root", str(ws))
    assert_refused(result, f"personakit: error: {where}")
    assert tree(ws) == before
    no_temp_files(ws)


def test_fmt_reports_each_bad_file_once_and_goes_on(ws: Path):
    for case, (raw, _) in BAD_FILES.items():
        (ws / f"personas/{case}.yaml").write_bytes(raw)
    (ws / "personas/messy.yaml").write_text(UNFORMATTED)
    result = cli("fmt", "--check", "--root", str(ws))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[2].strip() for line in lines] == [
        f"personas/{case}.yaml" for case in sorted(BAD_FILES)
    ]
    assert "would reformat personas/messy.yaml" in result.stdout


def test_fmt_refuses_a_symlink_out_of_the_workspace(ws: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(UNFORMATTED)
    (ws / "personas/linked.yaml").symlink_to(outside)
    for args in (["fmt"], ["fmt", "--check"], ["fmt", str(ws / "personas/linked.yaml")]):
        result = cli(*args, "--root", str(ws))
        assert_refused(result, "personas/linked.yaml", "symbolic link")
    assert outside.read_text() == UNFORMATTED
    assert (ws / "personas/linked.yaml").is_symlink()


def test_fmt_refuses_a_fifo_without_waiting(ws: Path):
    os.mkfifo(ws / "personas/pipe.yaml")
    result = cli("fmt", "--check", "--root", str(ws))
    assert_refused(result, "personas/pipe.yaml", "not a regular file")


def test_fmt_refuses_a_symlinked_personas_folder(ws: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "p.yaml").write_text(UNFORMATTED)
    (ws / "personas/admin.yaml").unlink()
    (ws / "personas").rmdir()
    (ws / "personas").symlink_to(elsewhere)
    assert_refused(cli("fmt", "--root", str(ws)), "personas", "symbolic link")
    assert (elsewhere / "p.yaml").read_text() == UNFORMATTED


def test_fmt_never_drops_a_comment(ws: Path, monkeypatch):
    # Should the YAML writer ever drop a comment, the file is left as it is.
    import personakit.formatter as formatter

    real = formatter.comments
    monkeypatch.setattr(
        formatter, "comments", lambda text: real(text) + (["# only before"] if "kept" in text
                                                          and "role: Sets up\nname" in text else [])
    )  # fmt: skip
    path = ws / "personas/admin.yaml"
    path.write_text(UNFORMATTED)
    result = cli("fmt", "--root", str(ws))
    assert_refused(result, "personas/admin.yaml", "losing the comment")
    assert path.read_text() == UNFORMATTED


def test_comments_are_found_outside_scalars_only():
    from personakit.formatter import comments

    text = "# top\nname: 'a # not' # real\nrole: |\n  x # inside\n#end\nq: [a, b] #c\n"
    assert comments(text) == ["# top", "# real", "#end", "#c"]


# --- new job on a broken persona ----------------------------------------------------

BROKEN_PERSONAS = {
    "invalid": ("name: [x\nrole: r\n", 1),  # where the [ opens
    "list": ("- a\n- b\n", None),
    "scalar-file": ("just text\n", None),
    "jobs-mapping": ("name: x\nrole: r\njobs:\n  a: 1\n", 3),
    "jobs-scalar": ("name: x\nrole: r\njobs: lots\n", 3),
    "tag": ("name: x\nrole: !!set {a}\n", 2),
    "duplicate": ("name: x\nname: y\nrole: r\n", 2),
}


@pytest.mark.parametrize("case", sorted(BROKEN_PERSONAS))
def test_new_job_on_a_broken_persona(ws: Path, case: str):
    text, line = BROKEN_PERSONAS[case]
    (ws / "personas/admin.yaml").write_text(text)
    before = tree(ws)
    result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    where = "personas/admin.yaml" + (f":{line}:" if line else ":")
    assert_refused(result, where)
    assert tree(ws) == before


def test_new_job_refuses_a_symlinked_persona(ws: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: O\nrole: r\n")
    (ws / "personas/linked.yaml").symlink_to(outside)
    result = cli("new", "job", "linked", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/linked.yaml", "symbolic link")
    assert outside.read_text() == "name: O\nrole: r\n"


def test_new_job_refuses_a_fifo_persona_without_waiting(ws: Path):
    os.mkfifo(ws / "personas/pipe.yaml")
    result = cli("new", "job", "pipe", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/pipe.yaml", "not a regular file")


# --- folders that are links, files where folders go --------------------------------


@pytest.mark.parametrize(
    "folder, args",
    [
        ("interviews", ["new", "interview", "--participant", "P09"]),
        ("personas", ["new", "persona", "newbie", "--name", "N", "--role", "R"]),
        ("decisions", ["new", "decision", "Ship it"]),
        ("journeys", ["new", "journey", "j", "--title", "T", "--step", "S"]),
    ],
)
def test_new_refuses_a_folder_linked_out_of_the_workspace(ws, tmp_path, folder, args):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = ws / folder
    if target.exists():
        for path in target.iterdir():
            path.unlink()
        target.rmdir()
    target.symlink_to(outside)
    result = cli(*args, "--no-input", "--root", str(ws))
    assert_refused(result, "outside the workspace")
    assert list(outside.iterdir()) == []


def test_new_refuses_a_dangling_folder_link(ws: Path, tmp_path: Path):
    (ws / "decisions/split.md").unlink()
    (ws / "decisions").rmdir()
    (ws / "decisions").symlink_to(tmp_path / "not-yet" / "deep")
    result = cli("new", "decision", "Ship it", "--no-input", "--root", str(ws))
    assert_refused(result, "outside the workspace")
    assert not (tmp_path / "not-yet").exists()


def test_new_refuses_a_file_where_a_folder_goes(ws: Path):
    for path in (ws / "journeys").iterdir():
        path.unlink()
    (ws / "journeys").rmdir()
    (ws / "journeys").write_text("not a folder")
    result = cli("new", "journey", "j", "--title", "T", "--step", "S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "journeys")
    assert (ws / "journeys").read_text() == "not a folder"


def test_init_refuses_a_symlinked_folder(tmp_path: Path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert_refused(cli("init", str(tmp_path / "link")), "symbolic link")
    assert list(real.iterdir()) == []


def test_init_refuses_a_file_where_a_folder_goes(tmp_path: Path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws/interviews").write_text("a file")
    assert_refused(cli("init", str(tmp_path / "ws")), "interviews", "a file where the folder")
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["interviews"]
    (tmp_path / "file").write_text("x")
    assert_refused(cli("init", str(tmp_path / "file")), "is a file, not a folder")


def test_init_refuses_a_subfolder_linked_elsewhere(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws/personas").symlink_to(outside)
    assert_refused(cli("init", str(tmp_path / "ws")), "symbolic link")
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["personas"]


@pytest.mark.parametrize("name", ["a\x00b", "x" * 300])
def test_init_refuses_impossible_names(tmp_path: Path, name: str):
    assert_refused(cli("init", str(tmp_path / name)))


# --- permissions under the umask ----------------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_every_written_file_gets_the_umask_permissions(tmp_path: Path, mask: int, expected: int):
    root = tmp_path / "ws"
    with umask(mask):
        assert cli("init", str(root)).exit_code == 0
        made = {p for p in root.rglob("*") if p.is_file()}
        steps = [
            ["new", "persona", "buyer", "--name", "B", "--role", "R"],
            ["new", "interview", "--participant", "P09", "--date", "2026-10-09"],
            ["new", "journey", "renewal", "--title", "T", "--step", "S"],
            ["new", "decision", "Ship it", "--date", "2026-10-09"],
        ]
        for args in steps:
            result = cli(*args, "--no-input", "--root", str(root))
            assert result.exit_code == 0, result.stderr
        result = cli("review", "--all", "--root", str(root))
        assert result.exit_code == 0, result.stderr
        result = cli("schema", "--out", str(tmp_path / "schemas"))
        assert result.exit_code == 0, result.stderr
    written = {p for p in root.rglob("*") if p.is_file()} | set((tmp_path / "schemas").iterdir())
    assert len(written) > len(made) + 5
    assert {p.name: mode(p) for p in written} == {p.name: expected for p in written}
    no_temp_files(root)


def test_a_replaced_file_keeps_its_mode(ws: Path):
    persona = ws / "personas/admin.yaml"
    persona.write_text(UNFORMATTED)
    persona.chmod(0o640)
    with umask(0o022):
        assert cli("fmt", "--root", str(ws)).exit_code == 0
        assert mode(persona) == 0o640
        persona.chmod(0o604)
        result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                     "--root", str(ws))  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert mode(persona) == 0o604
        assert cli("review", "--all", "--root", str(ws)).exit_code == 0
        (ws / "personakit.lock").chmod(0o600)
        assert cli("review", "--all", "--root", str(ws)).exit_code == 0
        assert mode(ws / "personakit.lock") == 0o600


# --- review's lock, schema --out ----------------------------------------------------


def test_review_refuses_a_symlinked_lock(ws: Path, tmp_path: Path):
    outside = tmp_path / "outside.lock"
    outside.write_text('{"version": 1, "claims": {}}\n')
    (ws / "personakit.lock").symlink_to(outside)
    result = cli("review", "--all", "--root", str(ws))
    assert_refused(result, "personakit.lock")
    assert outside.read_text() == '{"version": 1, "claims": {}}\n'
    assert (ws / "personakit.lock").is_symlink()


def test_review_refuses_a_read_only_lock(ws: Path):
    lock = ws / "personakit.lock"
    lock.write_text('{"version": 1, "claims": {}}\n')
    lock.chmod(0o444)
    result = cli("review", "--all", "--root", str(ws))
    assert_refused(result, "personakit.lock", "read-only")
    assert lock.read_text() == '{"version": 1, "claims": {}}\n'
    assert mode(lock) == 0o444


def test_fmt_and_new_job_refuse_a_read_only_persona(ws: Path):
    persona = ws / "personas/admin.yaml"
    persona.write_text(UNFORMATTED)
    persona.chmod(0o444)
    assert_refused(cli("fmt", "--root", str(ws)), "personas/admin.yaml", "read-only")
    result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/admin.yaml", "read-only")
    assert persona.read_text() == UNFORMATTED


@pytest.mark.parametrize("name", ["a\x00b", "x" * 300, "a/" + "y" * 256 + "/b"])
def test_schema_out_refuses_impossible_names(tmp_path: Path, name: str):
    assert_refused(cli("schema", "--out", str(tmp_path / name)), "--out")
    assert list(tmp_path.iterdir()) == []


def test_schema_out_refuses_a_file_and_a_linked_schema(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    assert_refused(cli("schema", "--out", str(tmp_path / "file")), "is a file, not a folder")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.json"
    victim.write_text("{}")
    (out / "persona.schema.json").symlink_to(victim)
    assert_refused(cli("schema", "--out", str(out)), "persona.schema.json", "symbolic link")
    assert victim.read_text() == "{}"


# --- a failing write leaves no temp file --------------------------------------------


def test_a_failing_replace_leaves_no_temp_file_and_the_file_untouched(ws: Path, monkeypatch):
    persona = ws / "personas/admin.yaml"
    persona.write_text(UNFORMATTED)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    assert_refused(cli("fmt", "--root", str(ws)), "personas/admin.yaml", "No space left")
    result = cli("new", "job", "admin", "--when=W", "--want=Go", "--so=S", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/admin.yaml", "No space left")
    assert persona.read_text() == UNFORMATTED
    no_temp_files(ws)


def test_a_failing_new_file_leaves_no_temp_file(ws: Path, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "link", broken)
    before = tree(ws)
    result = cli("new", "persona", "buyer", "--name", "B", "--role", "R", "--no-input",
                 "--root", str(ws))  # fmt: skip
    assert_refused(result, "personas/buyer.yaml")
    assert tree(ws) == before
    no_temp_files(ws)


def test_known_values_are_shown_literally_at_prompts(monkeypatch) -> None:
    from rich.text import Text

    from personakit.commands.asking import Asker

    asked: list[str] = []

    def ask(question: str, **kwargs: Any) -> str:
        asked.append(question)
        return ""

    monkeypatch.setattr("rich.prompt.Prompt.ask", ask)
    Asker(no_input=True)._ask("Their role", None, ["[bold]admin[/bold]", "[link=file:///x]y"])
    shown = Text.from_markup(asked[0]).plain
    assert "[bold]admin[/bold]" in shown
    assert "[link=file:///x]y" in shown


@pytest.mark.parametrize(
    "args",
    [
        ["new", "persona", "p", "--name", "N", "--role", "x # personakit: ignore[PK101] r"],
        ["new", "job", "admin", "--when=W", "--want=Go", "--so=# personakit: ignore[PK101] r"],
        [
            "new",
            "interview",
            "--participant",
            "P1",
            "--title",
            "<!-- personakit: ignore[PK204] r -->",
        ],
        ["new", "interview", "--participant", "P1", "--title", "Hidden <!-- rest"],
        ["new", "decision", "--persona", "admin # personakit: ignore[PK201] r", "Ship it"],
    ],
    ids=["yaml-value", "job", "md-title", "html-comment", "persona-ref"],
)
def test_a_value_cannot_smuggle_in_a_suppression_or_hide_the_body(ws: Path, args: list[str]):
    before = tree(ws)
    assert_refused(cli(*args, "--no-input", "--root", str(ws)))
    assert tree(ws) == before


@pytest.mark.parametrize("title", ["x: y\nrules: {}", "a\x00b", "[a, b]", "#c", "---"])
def test_init_title_is_written_as_given_or_refused(tmp_path: Path, title: str):
    result = cli("init", str(tmp_path / "ws"), "--title", title)
    if result.exit_code != 0:
        assert_refused(result, "--title")
        assert not (tmp_path / "ws").exists() or tree(tmp_path / "ws") == {}
        return
    data = yaml.safe_load((tmp_path / "ws/personakit.yaml").read_text())
    assert data["title"] == title
