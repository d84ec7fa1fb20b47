"""A render after edits to notes' prose alone rewrites their pages and nothing else, with
no lint run and no workspace loaded (render/delta.py); anything else is a full render.
Every result is compared with a render from nothing."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from personakit import __version__, lint_cache, linter
from personakit.cache import sign
from personakit.errors import WorkspaceError
from personakit.render import render
from tests.conftest import TODAY, example_copy, read_entry, write_entry
from tests.test_cli import pk
from tests.test_lint_cache import generated, settle
from tests.test_render import files_of
from tests.test_render_incremental import fresh, stats

NOTE = "interviews/a.md"
PROSE = "A line of prose added after the call."


@pytest.fixture
def ws(make_workspace, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base workspace (no user data), its files settled an hour back."""
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    # Settling moves every change time to now: only what changes after a run starts
    # is too recent to trust, as git's racy-clean rule would have it an hour on.
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)
    root = make_workspace()
    settle(root)
    return root


@pytest.fixture
def full(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every lint a render runs: a full render lints, a redone one does not."""
    calls: list[str] = []
    real = linter.lint

    def counted(*args, **kwargs):
        calls.append("lint")
        return real(*args, **kwargs)

    monkeypatch.setattr(linter, "lint", counted)
    return calls


def add_prose(root: Path, rel: str = NOTE, words: str = PROSE) -> None:
    note = root / rel
    note.write_text(note.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def entries(root: Path, kind: str) -> list[Path]:
    return sorted((root / ".personakit_cache").glob(f"{kind}-*.json"))


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("draft", [False, True])
def test_a_prose_edit_rewrites_only_its_notes_page(ws, tmp_path, full, fmt, draft):
    out = tmp_path / "site"
    first = render(ws, out, fmt=fmt, draft=draft, today=TODAY)
    before = stats(out)
    add_prose(ws)
    full.clear()
    again = render(ws, out, fmt=fmt, draft=draft, today=TODAY)
    assert full == []
    assert changed(before, stats(out)) == {f"notes/a.{fmt}"}
    assert PROSE in (out / "notes" / f"a.{fmt}").read_text(encoding="utf-8")
    assert (again.pages, again.errors, again.written) == (first.pages, first.errors, True)
    expected_out = tmp_path / "fresh"
    render(ws, expected_out, fmt=fmt, draft=draft, today=TODAY, cache=False)
    assert files_of(out) == files_of(expected_out)


def test_nothing_changed_writes_nothing_and_lints_nothing(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    before = stats(out)
    full.clear()
    render(ws, out, today=TODAY)
    assert full == []
    assert stats(out) == before  # not even the marker


def test_edits_one_after_another_and_then_a_full_render_agree(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    for number in range(3):
        add_prose(ws, words=f"Prose edit {number}.")
        add_prose(ws, "interviews/b.md", words=f"Another edit {number}.")
        render(ws, out, today=TODAY)
    assert full == ["lint"]  # the first render only
    assert files_of(out) == fresh(ws, tmp_path)
    before = stats(out)
    os.utime(ws / NOTE)  # touched, the same text: proved again, nothing rewritten
    render(ws, out, today=TODAY)
    assert stats(out) == before
    # A full render afterwards (the config touched) takes every page over, the
    # rewritten ones too: their keys were recorded as a full render records them.
    os.utime(ws / "personakit.yaml")
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert changed(before, stats(out)) == {".personakit-render"}


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("IT had to approve", "IT had to sign off"), id="quote"),
        pytest.param(lambda t: t.replace("# Interview A", "# Interview A, again"), id="title"),
        pytest.param(lambda t: t.replace("date: 2026-10-01", "date: 2026-10-03"), id="front"),
        pytest.param(lambda t: t.replace("# Interview A\n", "# Interview A\n\n\n"), id="moved"),
    ],
)
def test_an_edit_lint_sees_is_a_full_render(ws, tmp_path, full, edit):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    note = ws / NOTE
    note.write_text(edit(note.read_text(encoding="utf-8")), encoding="utf-8")
    full.clear()
    render(ws, out, today=TODAY, draft=True)  # a misquote is an error: drafted
    render(ws, out, today=TODAY, draft=False)
    assert full == ["lint", "lint"]
    expected = tmp_path / "fresh"
    result = render(ws, expected, today=TODAY, cache=False)
    if result.written:
        assert files_of(out) == files_of(expected)


def test_a_persona_edit_is_a_full_render(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    persona = ws / "personas" / "admin.yaml"
    persona.write_text(persona.read_text().replace("Olivia", "Olive"), encoding="utf-8")
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert files_of(out) == fresh(ws, tmp_path)


@pytest.mark.parametrize("touch", ["edited", "added", "removed", "linked"])
def test_a_site_touched_since_is_a_full_render(ws, tmp_path, full, touch):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    page = out / "notes" / "b.html"
    if touch == "edited":
        page.write_text(page.read_text().replace("<h1", "<h1 data-x"), encoding="utf-8")
    elif touch == "added":
        (out / "notes" / "extra.html").write_text("planted", encoding="utf-8")
    elif touch == "removed":
        page.unlink()
    else:
        page.unlink()
        page.symlink_to(tmp_path / "elsewhere.html")
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert files_of(out) == fresh(ws, tmp_path)


def test_a_template_override_is_a_full_render(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    override = ws / "templates" / "render" / "html" / "style.css"
    override.parent.mkdir(parents=True)
    override.write_text("body { color: black; }\n", encoding="utf-8")
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert (out / "style.css").read_text() == "body { color: black; }\n"


def test_a_public_edition_is_never_redone(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY, public=True)
    assert entries(ws, "redo") == []
    add_prose(ws)
    full.clear()
    render(ws, out, today=TODAY, public=True)
    assert full == ["lint"]
    expected = tmp_path / "fresh"
    render(ws, expected, today=TODAY, public=True, cache=False)
    assert files_of(out) == files_of(expected)


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example workspace (user data, segment and playbook snapshots)."""
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)
    root = example_copy(tmp_path / "example")
    settle(root)
    return root


EXAMPLE_NOTE = "interviews/interviews/2026-09-22-p03.md"


def test_a_workspace_with_user_data_is_redone_too(example, tmp_path, full):
    out = tmp_path / "site"
    render(example, out, today=TODAY)
    before = stats(out)
    add_prose(example, EXAMPLE_NOTE)
    full.clear()
    render(example, out, today=TODAY)
    assert full == []
    assert changed(before, stats(out)) == {"notes/p03.html"}
    assert files_of(out) == fresh(example, tmp_path)


def _snapshot_rewritten(root: Path) -> None:
    # In place, the same size: no folder's stat moves.
    path = root / "segments" / "ops-admin" / "playbook" / "2026-10-24.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("done", "late", 1), encoding="utf-8")


def _snapshot_removed(root: Path) -> None:
    (root / "segments" / "economic-buyer" / "2026-10-24.csv").unlink()
    (root / "segments" / "economic-buyer" / "2026-10-24.json").unlink()


def _segments_linked(root: Path) -> None:
    moved = root.parent / "moved-segments"
    (root / "segments").rename(moved)
    (root / "segments").symlink_to(moved)


def _data_rewritten(root: Path) -> None:
    path = root / "data" / "events.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change", [_snapshot_rewritten, _snapshot_removed, _segments_linked, _data_rewritten]
)
def test_a_snapshot_or_data_change_is_a_full_render(example, tmp_path, full, change):
    out = tmp_path / "site"
    render(example, out, today=TODAY)
    add_prose(example, EXAMPLE_NOTE)
    change(example)
    full.clear()
    try:
        expected: object = fresh(example, tmp_path)
    except WorkspaceError as exc:
        expected = str(exc)
    try:
        got: object = (render(example, out, today=TODAY), files_of(out))[1]
    except WorkspaceError as exc:
        got = str(exc)
    assert full == ["lint", "lint"]  # the fresh render's and this one's
    assert got == expected


def _flip(root: Path) -> None:
    entry = entries(root, "redo")[0]
    text = entry.read_bytes()
    entry.write_bytes(text[:-5] + bytes([text[-5] ^ 1]) + text[-4:])


def _other_token(root: Path) -> None:
    block = entries(root, "redonotes")[0]
    data = read_entry(block)
    data["data"][0] = "0" * 16
    write_entry(block, data)


def _missing_block(root: Path) -> None:
    for block in entries(root, "redonotes"):
        block.unlink()


def _page_out_of_the_site(root: Path) -> None:
    block = entries(root, "redonotes")[0]
    data = read_entry(block)
    data["data"][1][NOTE][0] = "../planted.html"
    write_entry(block, data)


def _note_named_otherwise(root: Path) -> None:
    block = entries(root, "redonotes")[0]
    data = read_entry(block)
    data["data"][1][NOTE][1]["note"] = "personakit.yaml"
    write_entry(block, data)


@pytest.mark.parametrize(
    "damage", [_flip, _other_token, _missing_block, _page_out_of_the_site, _note_named_otherwise]
)
def test_a_damaged_or_planted_entry_is_a_full_render(ws, tmp_path, full, damage):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    damage(ws)
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert not (tmp_path / "planted.html").exists()
    assert files_of(out) == fresh(ws, tmp_path)


def test_a_clone_with_its_cache_and_site_renders_in_full(ws, tmp_path, full):
    render(ws, ws / "site", today=TODAY)
    clone = tmp_path / "clone"
    shutil.copytree(ws, clone, symlinks=True)
    settle(clone)
    full.clear()
    render(clone, clone / "site", today=TODAY)
    assert full == ["lint"]  # every stat differs: the copied entry vouches for nothing


def test_a_note_edited_just_before_the_render_is_proved_again_next_time(
    ws, tmp_path, full, monkeypatch
):
    out = tmp_path / "site"
    time.sleep(0.3)
    monkeypatch.setattr(lint_cache, "RACY_NS", 200_000_000)  # the settled files are older
    add_prose(ws, words="Saved a moment before the render.")  # inside the racy window
    render(ws, out, today=TODAY)
    entry = read_entry(entries(ws, "redo")[0])["data"]
    assert entry["stats"][NOTE] == [-1, -1, -1, -1]
    add_prose(ws)
    full.clear()
    render(ws, out, today=TODAY)
    assert full == []
    assert files_of(out) == fresh(ws, tmp_path)


def test_a_note_turned_into_a_link_out_of_the_workspace_stops_as_a_full_render(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    outside = tmp_path / "outside.md"
    outside.write_text((ws / NOTE).read_text() + f"\n{PROSE}\n", encoding="utf-8")
    (ws / NOTE).unlink()
    (ws / NOTE).symlink_to(outside)
    full.clear()
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        render(ws, out, today=TODAY)
    assert full == ["lint"]


def test_forked_renders_keep_every_note_page(tmp_path, monkeypatch, full):
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")
    monkeypatch.setattr(lint_cache, "RACY_NS", 0)
    monkeypatch.setenv("PERSONAKIT_JOBS", "2")
    root = generated(tmp_path)
    out = tmp_path / "site"
    render(root, out, today=TODAY, parallel=True)
    entry = read_entry(entries(root, "redo")[0])["data"]
    notes = sorted(p.relative_to(root).as_posix() for p in (root / "interviews").rglob("*.md"))
    assert sorted(entry["notes"]) == notes
    before = stats(out)
    for rel in notes[:3]:
        add_prose(root, rel)
    full.clear()
    render(root, out, today=TODAY, parallel=True)
    assert full == []
    assert len(changed(before, stats(out))) == 3
    assert files_of(out) == fresh(root, tmp_path)


def test_the_command_says_what_a_full_render_says(ws):
    time.sleep(2.1)  # past the racy window of the command's own process (2 s)
    first = pk("render", cwd=ws)
    marker = ws / "site" / ".personakit-render"
    made = marker.stat().st_ino
    add_prose(ws)
    again = pk("render", cwd=ws)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")
    assert PROSE in (ws / "site" / "notes" / "a.html").read_text(encoding="utf-8")
    assert marker.stat().st_ino == made  # a full render writes its marker anew


def test_a_site_whose_folder_is_gone_renders_in_full(ws, tmp_path, full):
    out = tmp_path / "build" / "site"
    render(ws, out, today=TODAY)
    shutil.rmtree(tmp_path / "build")  # `make clean`
    add_prose(ws)
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert files_of(out) == fresh(ws, tmp_path)


@pytest.mark.parametrize("fails", ["write", "replace"])
def test_a_failure_while_pages_are_replaced_leaves_the_site_as_it_was(
    ws, tmp_path, monkeypatch, fails
):
    from personakit.render import delta, output

    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    add_prose(ws, "interviews/b.md")
    before, kept_bytes = stats(out), files_of(out)
    calls = []

    def failing(real):
        def second_fails(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
            return real(*args, **kwargs)

        return second_fails

    if fails == "write":
        monkeypatch.setattr(output, "write_file", failing(output.write_file))
    else:
        monkeypatch.setattr(delta.os, "replace", failing(os.replace))
    assert delta.rerender(ws, out, "html", False, TODAY) is None  # a full render follows
    assert (stats(out), files_of(out)) == (before, kept_bytes)  # nothing half done or left
    monkeypatch.undo()
    render(ws, out, today=TODAY)
    assert files_of(out) == fresh(ws, tmp_path)


def test_an_empty_folder_added_to_the_site_is_a_change(ws, tmp_path, full):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    (out / "planted").mkdir()
    full.clear()
    render(ws, out, today=TODAY)
    assert full == ["lint"]
    assert not (out / "planted").exists()


def test_the_fingerprint_covers_every_built_in_file(tmp_path, monkeypatch):
    from personakit.render import incremental

    builtin = tmp_path / "builtin"
    shutil.copytree(incremental.BUILTIN, builtin)
    monkeypatch.setattr(incremental, "BUILTIN", builtin)
    root = tmp_path / "ws"
    root.mkdir()
    before = incremental.fingerprint(root, "html")
    css = builtin / "render" / "html" / "style.css"
    css.write_text(css.read_text() + "/* a new rule */\n")
    assert incremental.fingerprint(root, "html") != before


def _entry(root: Path) -> tuple[Path, dict]:
    path = entries(root, "redo")[0]
    return path, read_entry(path)


def _infinite_pages(root: Path) -> None:
    path, data = _entry(root)
    data["data"]["pages"] = float("inf")
    write_entry(path, data)


def _no_stats(root: Path) -> None:
    path, data = _entry(root)
    data["data"]["stats"] = {}
    write_entry(path, data)


def _deep_block(root: Path) -> None:
    block = entries(root, "redonotes")[0]
    block.write_text(sign("[" * 100_000 + "]" * 100_000), encoding="utf-8")


def _deep_previous(root: Path) -> None:
    for path in entries(root, "render"):
        path.write_text(sign("[" * 100_000 + "]" * 100_000), encoding="utf-8")


def _index_as_the_notes_page(root: Path) -> None:
    block = entries(root, "redonotes")[0]
    data = read_entry(block)
    data["data"][1][NOTE][0] = "index.html"
    write_entry(block, data)


@pytest.mark.parametrize(
    "forge",
    [_infinite_pages, _no_stats, _deep_block, _deep_previous, _index_as_the_notes_page],
)
def test_a_forged_entry_is_no_entry(ws, tmp_path, forge):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    add_prose(ws)
    forge(ws)
    render(ws, out, today=TODAY)
    assert files_of(out) == fresh(ws, tmp_path)


def test_an_entry_never_names_the_file_of_the_previous_keys(ws, tmp_path):
    out = tmp_path / "site"
    render(ws, out, today=TODAY)
    planted = ws / "decisions" / "planted.json"
    write_entry(planted, {"version": __version__, "data": {}})  # an entry as read
    kept = planted.read_bytes()
    path, data = _entry(ws)
    data["data"]["previous"] = "../decisions/planted.json"
    write_entry(path, data)
    add_prose(ws)
    render(ws, out, today=TODAY)
    assert planted.read_bytes() == kept
    assert files_of(out) == fresh(ws, tmp_path)


def test_a_site_that_is_a_link_is_not_the_default_output(ws, tmp_path):
    # A cloned repository may carry `site` as a link out of the workspace.
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / "site").symlink_to(outside)
    proc = pk("render", cwd=ws)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "site: is a symbolic link" in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert list(outside.iterdir()) == []
    # named with --out, a link is the user's choice
    assert pk("render", "--out", str(ws / "site"), cwd=ws).returncode == 0
    assert (outside / "index.html").is_file()
