"""The one path helper: containment, and atomic writes that never follow a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.fs import contained, write_atomic


def test_contained_refuses_dotdot_and_links_out(tmp_path: Path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "inside.txt").write_text("x")
    (root / "out").symlink_to(tmp_path)
    assert contained(root, "inside.txt") == root / "inside.txt"
    for hostile in ("../x", "/etc/passwd", "out/ws/../x", "a\x00b", "x" * 300):
        with pytest.raises(WorkspaceError):
            contained(root, hostile)


def test_write_refuses_a_symlink_target_and_leaves_it(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    root = tmp_path / "ws"
    root.mkdir()
    (root / "link.yaml").symlink_to(outside)
    with pytest.raises(WorkspaceError, match="symbolic link"):
        write_atomic(root / "link.yaml", "new", root=root)
    assert outside.read_text() == "keep"
    assert os.path.islink(root / "link.yaml")


def test_write_refuses_a_folder_linked_out_of_the_root(tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = tmp_path / "ws"
    root.mkdir()
    (root / "segments").symlink_to(outside)
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        write_atomic(root / "segments" / "x.json", "{}", root=root)
    assert list(outside.iterdir()) == []


def test_new_files_respect_the_umask_and_replacements_keep_their_mode(tmp_path: Path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "a", new=True)
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        (tmp_path / "new.txt").chmod(0o600)
        write_atomic(tmp_path / "new.txt", "b")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600
        assert (tmp_path / "new.txt").read_text() == "b"
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir()] == ["new.txt"]  # no temp file left


def test_new_refuses_an_existing_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("keep")
    with pytest.raises(WorkspaceError, match="already exists"):
        write_atomic(tmp_path / "a.txt", "new", new=True)
    assert (tmp_path / "a.txt").read_text() == "keep"


def test_crlf_is_written_when_asked(tmp_path: Path):
    write_atomic(tmp_path / "a.txt", "x\ny\n", newline="\r\n")
    assert (tmp_path / "a.txt").read_bytes() == b"x\r\ny\r\n"
