"""Hostile and faulty workspaces on disk: YAML tags that cannot be built, symbolic links
out of the workspace and in loops, unreadable files and folders, FIFOs, devices and
huge files, a broken `personakit.lock`, a hostile `personakit.yaml`, and NUL bytes or
over-long names on the command line. Never a traceback, never a hang, never a file
outside the workspace read, never a file silently left out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.errors import WorkspaceError
from personakit.workspace import load_workspace, reading
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

# -- helpers -----------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def assert_one_line(result, *needles: str) -> None:
    """A CliRunner result that is one `personakit: error:` line with exit code 2."""
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("personakit: error: "), lines[0]
    assert "internal error" not in lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


def lint_error(root: Path) -> WorkspaceError:
    with pytest.raises(WorkspaceError) as caught:
        run_lint(root)
    return caught.value


def messages(result, code: str) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.message) for f in result.findings if f.code == code]


NOTE = """\
    ---
    id: c
    date: 2026-10-03
    kind: interview
    participant: P03
    role: ops-admin
    ---
    # Interview C

    > We waited for IT. #stalled ^q1
    """

# -- 1. YAML tags whose value cannot be built ----------------------------------------

UNBUILDABLE = [
    ("!!bool maybe", "'maybe' is not a valid true/false value"),
    ('!!int ""', "'' is not a valid whole number"),
    ("!!int 0x_", "'0x_' is not a valid whole number"),
    ("!!float x", "'x' is not a valid number"),
    ("!!timestamp 2026-13-45", "'2026-13-45' is not a valid date"),
    ("!!timestamp 0000-01-01", "'0000-01-01' is not a valid date"),
    ("!!timestamp 99999-01-01", "'99999-01-01' is not a valid date"),
    ("2026-02-30", "'2026-02-30' is not a valid date"),
    ("!!set {a, b}", "unsupported tag !!set"),
    ("!!binary aGVsbG8=", "unsupported tag !!binary"),
    ("!!binary '!!!! not base64'", "unsupported tag !!binary"),
    ("!!omap [1, 2]", "unsupported tag !!omap"),
    ("!!omap [{a: 1}, {a: 2}]", "unsupported tag !!omap"),
    ("!!pairs [[1, 2]]", "unsupported tag !!pairs"),
    ("!!python/object:os.system x", "unsupported tag !!python/object:os.system"),
]


@pytest.mark.parametrize(("value", "message"), UNBUILDABLE)
def test_unbuildable_tag_is_pk001_at_its_line_in_every_kind_of_file(make_workspace, value, message):
    root = make_workspace(
        {
            "personas/admin.yaml": "name: O\nrole: " + value + "\npriority: primary\n",
            "journeys/onboarding.yaml": "title: T\ndescription: " + value + "\nsteps: []\n",
            "interviews/a.md": "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\n"
            "title: " + value + "\n---\n",
            "decisions/split.md": "---\ndate: 2026-11-01\nstatus: accepted\nlink: "
            + value
            + "\n---\n# D\n",
        }
    )
    result = run_lint(root)
    assert sorted((p, n, m.startswith(message)) for p, n, m in messages(result, "PK001")) == [
        ("decisions/split.md", 4, True),
        ("interviews/a.md", 5, True),
        ("journeys/onboarding.yaml", 2, True),
        ("personas/admin.yaml", 2, True),
    ]


@pytest.mark.parametrize(("value", "message"), UNBUILDABLE[:4] + UNBUILDABLE[8:10])
def test_unbuildable_tag_in_the_config_is_one_line_with_file_and_line(
    make_workspace, value, message
):
    root = make_workspace({"personakit.yaml": "title: T\ndescription: " + value + "\n"})
    assert_one_line(invoke("--root", str(root), "lint"), f"personakit.yaml:2: {message}")


def test_values_of_surprising_types_are_findings_not_crashes(make_workspace):
    root = make_workspace(
        {
            "personakit.yaml": "title: T\nnote_fields: [plan]\n",
            # Built fine, but a timestamp where text belongs: a schema finding.
            "interviews/c.md": "---\nid: c\ndate: 2026-10-03 10:30:00\nkind: interview\n"
            "participant: !!timestamp 2026-10-03T10:30:00\n---\n",
            # Bytes in a declared extra field would reach counts and pages: refused.
            "interviews/d.md": "---\nid: d\ndate: 2026-10-03\nkind: interview\n"
            "participant: P9\nplan: !!binary aGVsbG8=\n---\n",
        }
    )
    result = run_lint(root)
    assert ("interviews/c.md", 3) in [(p, n) for p, n, _ in messages(result, "PK002")]
    assert ("interviews/c.md", 5) in [(p, n) for p, n, _ in messages(result, "PK002")]
    assert [(p, n) for p, n, _ in messages(result, "PK001")] == [("interviews/d.md", 6)]


# -- 2. symbolic links ------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace holding a valid note, a persona and a CSV."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "x.md").write_text(textwrap.dedent(NOTE))
    (folder / "p.yaml").write_text("name: P\nrole: R\npriority: primary\n")
    (folder / "t.csv").write_text("id,body\nT-1,secret\n")
    return folder


def test_interviews_folder_linked_outside_is_refused(make_workspace, outside):
    root = make_workspace()
    shutil.rmtree(root / "interviews")
    (root / "interviews").symlink_to(outside, target_is_directory=True)
    assert_one_line(invoke("--root", str(root), "lint"), "interviews: ", "outside the workspace")


def test_personas_folder_linked_outside_is_refused(make_workspace, outside):
    root = make_workspace()
    shutil.rmtree(root / "personas")
    (root / "personas").symlink_to(outside, target_is_directory=True)
    assert_one_line(invoke("--root", str(root), "lint"), "personas: ", "outside the workspace")


def test_note_linked_outside_is_refused(make_workspace, outside):
    root = make_workspace()
    (root / "interviews" / "x.md").symlink_to(outside / "x.md")
    error = lint_error(root)
    assert error.path == "interviews/x.md" and "outside the workspace" in error.message


def test_subfolder_linked_outside_is_refused(make_workspace, outside):
    root = make_workspace()
    (root / "interviews" / "more").symlink_to(outside, target_is_directory=True)
    error = lint_error(root)
    assert error.path == "interviews/more" and "outside the workspace" in error.message


def test_note_linked_to_a_device_outside_is_refused(make_workspace):
    root = make_workspace()
    (root / "interviews" / "z.md").symlink_to("/dev/zero")
    (root / "interviews" / "s.md").symlink_to("/dev/stdin")
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "lint"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_one_line_error(proc, "interviews/s.md", "outside the workspace")


@pytest.mark.parametrize("target", [".", "..", "../../interviews", "../.."])
def test_link_loops_are_refused_not_walked(make_workspace, target):
    root = make_workspace()
    (root / "interviews" / "2026").mkdir()
    (root / "interviews" / "2026" / "loop").symlink_to(target, target_is_directory=True)
    error = lint_error(root)
    assert error.path == "interviews/2026/loop"
    assert "loop" in error.message or "outside the workspace" in error.message


def test_links_inside_the_workspace_are_followed_and_each_file_read_once(make_workspace):
    root = make_workspace()
    archive = root / "archive"
    archive.mkdir()
    (root / "interviews" / "b.md").rename(archive / "b.md")
    (root / "interviews" / "old").symlink_to("../archive", target_is_directory=True)
    (root / "interviews" / "again").symlink_to("../archive", target_is_directory=True)
    (root / "interviews" / "a-alias.md").symlink_to("a.md")
    ws = load_workspace(root)
    assert sorted(ws.notes) == ["a", "b"]  # b reached two ways and a two ways, each read once
    assert found(run_lint(root)) == []  # no duplicate id, the persona's b#q1 resolves
    # A note without an id takes its stem from its own path, not from a link to it.
    (root / "interviews" / "c.md").write_text(textwrap.dedent(NOTE).replace("id: c\n", ""))
    (root / "interviews" / "0-link.md").symlink_to("c.md")
    assert sorted(load_workspace(root).notes) == ["a", "b", "c"]


def test_config_linked_outside_is_refused(make_workspace, outside):
    root = make_workspace()
    (outside / "personakit.yaml").write_text("title: elsewhere\n")
    (root / "personakit.yaml").unlink()
    (root / "personakit.yaml").symlink_to(outside / "personakit.yaml")
    assert_one_line(invoke("--root", str(root), "lint"), "personakit.yaml", "outside")


# -- 3. files and folders the user cannot read --------------------------------------


def _deny(monkeypatch, denied: Path) -> None:
    """Make `denied` unreadable as chmod 000 would for a user who is not root."""
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):
        if os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def open_(path, flags, mode=0o777, *, dir_fd=None):
        if os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)


def test_unreadable_subfolder_of_interviews_is_named_not_dropped(make_workspace, monkeypatch):
    root = make_workspace({"interviews/2026/c.md": NOTE})
    _deny(monkeypatch, root / "interviews" / "2026")
    error = lint_error(root)
    assert error.path == "interviews/2026"
    assert "cannot read the folder" in error.message


def test_unreadable_note_is_named(make_workspace, monkeypatch):
    root = make_workspace({"interviews/c.md": NOTE})
    _deny(monkeypatch, root / "interviews" / "c.md")
    error = lint_error(root)
    assert (error.path, error.message) == ("interviews/c.md", "cannot read: Permission denied")


# With real permissions: root reads anything, so the check runs as `nobody`. Python and
# personakit are loaded (and one lint run warms every lazy import) before the process
# gives up root, because the interpreter lives where `nobody` may not look.
AS_NOBODY = """
import os, sys
from personakit import lint
from personakit.errors import WorkspaceError
lint(sys.argv[1], today=None)
os.setgid(65534)
os.setuid(65534)
try:
    result = lint(sys.argv[2])
except WorkspaceError as exc:
    print("error:", exc)
else:
    print("ok:", len(result.paths), "files")
"""


def _as_nobody(good: Path, target: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", AS_NOBODY, str(good), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture
def shared_workspace(make_workspace):
    """The base workspace in a folder `nobody` may enter (pytest's tmp is root's own)."""
    if os.geteuid() != 0 or not hasattr(os, "setuid"):
        pytest.skip("needs root to drop to another user; covered by the monkeypatched tests")
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="personakit-perm-"))
    try:
        base.chmod(0o755)
        root = base / "ws"
        shutil.copytree(make_workspace(), root)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield root
    finally:
        shutil.rmtree(base)


def test_real_permissions_unreadable_folder_and_note(shared_workspace):
    root = shared_workspace
    good = root.parent / "good"
    shutil.copytree(root, good)
    assert _as_nobody(good, root) == "ok: 6 files"
    sub = root / "interviews" / "2026"
    sub.mkdir()
    (sub / "c.md").write_text(textwrap.dedent(NOTE))
    sub.chmod(0)
    assert (
        _as_nobody(good, root)
        == "error: interviews/2026: cannot read the folder: Permission denied"
    )
    sub.chmod(0o755)
    (sub / "c.md").chmod(0)
    assert _as_nobody(good, root) == "error: interviews/2026/c.md: cannot read: Permission denied"


# -- 4. FIFOs, devices and huge files -----------------------------------------------


def test_fifo_where_a_note_belongs_is_a_finding_not_a_hang(make_workspace):
    root = make_workspace()
    os.mkfifo(root / "interviews" / "x.md")
    os.mkfifo(root / "personas" / "y.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "lint", "--format", "json", "interviews"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert [(f["path"], f["line"], f["code"]) for f in report["findings"]] == [
        ("interviews/x.md", 1, "PK001")
    ]
    assert "FIFO" in report["findings"][0]["message"]
    result = run_lint(root)
    assert ("personas/y.yaml", 1, "PK001") in found(result)
    assert "personas/y.yaml" in result.paths


def test_link_inside_the_workspace_to_a_fifo_is_a_finding(make_workspace):
    root = make_workspace()
    os.mkfifo(root / "pipe")
    (root / "interviews" / "p.md").symlink_to("../pipe")
    assert found(run_lint(root), "PK001") == [("interviews/p.md", 1, "PK001")]


def test_huge_note_is_a_finding_and_not_read(make_workspace, monkeypatch):
    root = make_workspace()
    with open(root / "interviews" / "big.md", "wb") as handle:
        handle.truncate(reading.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    result = run_lint(root)
    assert messages(result, "PK001") == [
        ("interviews/big.md", 1, "larger than 16 MiB; personakit did not read it")
    ]
    assert sum(read) < reading.MAX_FILE_BYTES


def test_file_that_grows_past_the_limit_while_read_is_a_finding(make_workspace, monkeypatch):
    root = make_workspace()
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 2000)
    (root / "interviews" / "c.md").write_text(textwrap.dedent(NOTE) + "x" * 3000)
    # As if the file was small when its size was looked at, and grew before the read.
    monkeypatch.setattr(reading, "_check_kind", lambda st, shown: None)
    assert messages(run_lint(root), "PK001") == [
        ("interviews/c.md", 1, "larger than 2000 bytes; personakit did not read it")
    ]


# -- 7. personakit.lock ---------------------------------------------------------------

LOCK_CLAIM = {"reviewed": "2026-11-01", "evidence": {"a#q1": "0123456789abcdef"}}


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("[" * 100_000, 1, "nested too deeply"),
        ('{"claims": {"admin#x": {"reviewed": "2026-11-0', 1, "not valid JSON"),
        ('{"claims": {"admin#x": ' + "1" * 5000 + "}}", 1, "not a personakit lock"),
        ('{"claims": []}', 1, "no `claims`"),
        ('{\n"claims": {\n"admin#x": [1, 2]\n}}', 3, 'claim "admin#x": expected'),
        (
            json.dumps({"claims": {"admin#x": {**LOCK_CLAIM, "evidence": [1, 2]}}}, indent=1),
            3,
            "`evidence` must map",
        ),
        (
            json.dumps({"claims": {"admin#x": {**LOCK_CLAIM, "evidence": {"a#q1": 5}}}}),
            1,
            "`evidence` must map",
        ),
        (
            json.dumps({"claims": {"admin#x": {**LOCK_CLAIM, "reviewed": "0000-01-01"}}}),
            1,
            "`reviewed`: '0000-01-01' is not a date",
        ),
        (
            json.dumps({"claims": {"admin#x": {**LOCK_CLAIM, "reviewed": 20261101}}}),
            1,
            "`reviewed` must be a date",
        ),
        (json.dumps({"version": 99, "claims": {}}), 1, "version 99"),
    ],
)
def test_malformed_lock_is_one_line_naming_it(make_workspace, text, line, needle):
    root = make_workspace({"personakit.lock": text})
    assert_one_line(
        invoke("--root", str(root), "lint"),
        f"personakit.lock:{line}: ",
        needle,
        "personakit review",
    )


def test_binary_or_fifo_lock_is_one_line_naming_it(make_workspace):
    root = make_workspace()
    (root / "personakit.lock").write_bytes(b"\x00\xff\xfe binary")
    assert_one_line(invoke("--root", str(root), "lint"), "personakit.lock:1: not UTF-8")
    (root / "personakit.lock").unlink()
    os.mkfifo(root / "personakit.lock")
    assert_one_line(invoke("--root", str(root), "lint"), "personakit.lock: not a regular file")


def test_well_formed_lock_still_reads(make_workspace):
    root = make_workspace({"personakit.lock": json.dumps({"version": 1, "claims": {}})})
    assert found(run_lint(root)) == []


# -- 8. a hostile personakit.yaml ---------------------------------------------------


def test_config_that_is_not_a_plain_file(make_workspace):
    root = make_workspace()
    (root / "personakit.yaml").unlink()
    os.mkfifo(root / "personakit.yaml")
    assert_one_line(invoke("--root", str(root), "lint"), "personakit.yaml: not a regular file")
    (root / "personakit.yaml").unlink()
    (root / "personakit.yaml").mkdir()
    assert_one_line(invoke("--root", str(root), "lint"), "personakit.yaml: is a folder")


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ("- a\n- b\n", "personakit.yaml:1: the config must be a mapping"),
        ("title: " + "[" * 150 + "]" * 150 + "\n", "personakit.yaml:1: nested more than"),
        ("title: T\nrules: " + "{a: " * 150 + "1" + "}" * 150 + "\n", "personakit.yaml:2: "),
    ],
)
def test_config_shape(make_workspace, config, needle):
    root = make_workspace({"personakit.yaml": config})
    assert_one_line(invoke("--root", str(root), "lint"), needle)


SOURCE = "title: T\nsources:\n  tickets:\n    path: {path}\n    columns: {{id: id, text: body}}\n"


def test_source_path_that_is_a_link_out(make_workspace, outside):
    root = make_workspace({"personakit.yaml": SOURCE.format(path="t.csv")})
    (root / "t.csv").symlink_to(outside / "t.csv")
    assert_one_line(
        invoke("--root", str(root), "lint"),
        "personakit.yaml:4: sources.tickets.path: 't.csv' points outside the workspace",
    )


def test_source_path_that_is_a_folder_or_a_fifo(make_workspace):
    root = make_workspace({"personakit.yaml": SOURCE.format(path="interviews")})
    assert_one_line(
        invoke("--root", str(root), "lint"),
        "personakit.yaml:4: sources.tickets.path: 'interviews' is a folder",
    )
    root = make_workspace({"personakit.yaml": SOURCE.format(path="t.csv")})
    os.mkfifo(root / "t.csv")
    assert_one_line(
        invoke("--root", str(root), "lint"),
        "personakit.yaml:4: sources.tickets.path: 't.csv' is not a regular file (a FIFO)",
    )


def test_source_path_with_a_nul_byte_or_too_long(make_workspace):
    root = make_workspace({"personakit.yaml": SOURCE.format(path='"a\\0b.csv"')})
    assert_one_line(
        invoke("--root", str(root), "lint"),
        "personakit.yaml:4: sources.tickets.path: a path cannot contain a NUL byte",
    )
    root = make_workspace({"personakit.yaml": SOURCE.format(path="x" * 300)})
    assert_one_line(
        invoke("--root", str(root), "lint"),
        "personakit.yaml:4: sources.tickets.path: a name in the path is longer than 255 bytes",
    )


# -- 6. NUL bytes and over-long names on the command line ---------------------------


def _main(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point with an argv a shell could not pass (NUL bytes)."""
    code = f"import sys\nsys.argv = {['personakit', *argv]!r}\nfrom personakit.cli import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_nul_byte_in_lint_paths(make_workspace):
    root = make_workspace()
    result = invoke("--root", str(root), "lint", "interviews/a\x00.md")
    assert_one_line(result, "a path cannot contain a NUL byte")
    assert "\x00" not in result.output
    assert_one_line_error(_main("lint", "a\x00b", cwd=root), "a path cannot contain a NUL byte")


def test_nul_byte_in_root(make_workspace):
    root = make_workspace()
    with pytest.raises(WorkspaceError, match="NUL byte"):
        run_lint(Path(str(root) + "\x00"))
    with pytest.raises(WorkspaceError, match="NUL byte"):
        load_workspace(str(root) + "\x00")
    for argv in (
        ("--root", "a\x00b", "lint"),
        ("lint", "--root", "\x00"),
        ("show", "--root", "\x00", "x"),
    ):
        proc = _main(*argv, cwd=root)
        assert_one_line_error(proc, "--root")


def test_over_long_names_in_lint_paths_and_root(make_workspace):
    root = make_workspace()
    long_name = "n" * 300
    assert_one_line_error(
        pk("lint", long_name, cwd=root), "a name in the path is longer than 255 bytes"
    )
    assert_one_line_error(
        pk("lint", "/".join(["d" * 200] * 30), cwd=root), "path longer than 4096 bytes"
    )
    assert_one_line_error(
        pk("--root", str(root / long_name), "lint", cwd=root), "longer than 255 bytes"
    )


def test_lint_paths_select_files_reached_through_a_link_by_either_spelling(make_workspace):
    root = make_workspace({"personas/admin.yaml": None, "decisions/split.md": None})
    archive = root / "archive"
    archive.mkdir()
    (root / "interviews" / "b.md").rename(archive / "b.md")
    (root / "interviews" / "old").symlink_to("../archive", target_is_directory=True)
    expected = [("interviews/old/b.md", 1, "PK204")]
    for path in ("interviews/old/b.md", "archive/b.md", "archive", "interviews/old"):
        assert found(run_lint(root, str(root / path))) == expected, path


# -- declared CSV sources -----------------------------------------------------------

DATED_SOURCE = (
    "title: T\nsources:\n  tickets:\n    path: t.csv\n"
    "    columns: {id: id, text: body, date: created}\n"
)


def test_source_with_a_cell_over_128_kib_is_read(make_workspace):
    root = make_workspace({"personakit.yaml": DATED_SOURCE})
    (root / "t.csv").write_text("id,body,created\nT-1," + "x" * 200_000 + ",2026-10-01\n")
    ws = load_workspace(root)
    assert len(ws.sources["tickets"]["T-1"].text) == 200_000


@pytest.mark.parametrize("created", ["20261001", "0000-01-01", "2026-02-30"])
def test_source_dates_take_one_spelling(make_workspace, created):
    root = make_workspace({"personakit.yaml": DATED_SOURCE})
    (root / "t.csv").write_text(f"id,body,created\nT-1,hello,{created}\n")
    assert_one_line(invoke("--root", str(root), "lint"), "t.csv:2: created: ", "is not a date")


def test_a_config_that_is_no_file_is_refused_not_passed_over(make_workspace):
    outer = make_workspace()
    inner = outer / "interviews" / "nested"
    inner.mkdir()
    os.mkfifo(inner / "personakit.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "personakit", "lint"],
        cwd=inner,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_one_line_error(proc, "personakit.yaml: not a regular file (a FIFO)")
