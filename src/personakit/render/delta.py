"""A render after edits to notes' prose alone: their pages rewritten, nothing else done.

Most edits to a note change nothing but its prose (lint_delta.py), and its prose is
shown on one page only: the note's own (`body`, `marked_body` and what comes of them,
text.with_body). Every other page, and every other part of that page, is built from
what lint sees of the workspace, which the edit left as it was. So a render that
finishes with a cache keeps, besides the site (render/incremental.py):

- an entry (`redo-<hash>.json`) keyed by personakit's version and code, the workspace,
  the output folder, the format, `--draft` and the day, holding what a lint entry
  holds to be proved again after prose edits (the stat of every input, the digest of
  what lint sees of each note, lint_cache.py and lint_delta.py), with user data the
  stat of `segments/` and everything in it (the snapshots the figures read), the
  templates' fingerprint, the number of pages and lint errors, and the stat of every
  file of the site as written;
- each note page's context without its body, with what rebuilds the body (the note's
  file, where its body starts, its title, its quotes' first lines), in blocks of 50
  (`redonotes-<site>-<n>.json`), tied to the entry by a random token.

The next render first asks whether that entry still holds: every input as it was, or
changed only in notes whose facts are the same (lint_delta.holds_after); the same
templates; and the site exactly as it was written (every file's inode, size and
modification time, every folder, nothing added, nothing removed). Then it reads each
changed note, rebuilds its page from the kept context and the new body, and swaps the
pages in all or none, under the site's lock (`_swap_in`); each page's key is recorded
as a full render would have recorded it. Anything else (a quote, a persona, the config,
a data file or a snapshot, a template, the site touched, a public edition, user data
in a database, an entry missing or not this code's) is a full render.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import secrets
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..cache import Cache
from ..file_stats import Stat, code_stamp, stat_of

if TYPE_CHECKING:
    from ..linter import LintResult
    from ..model.documents import Workspace
    from .page import Page

KIND = "redo"
BLOCK = 50  # note pages per block of kept contexts
# The parts of a note page's context its body makes (pages/note.with_body).
BODY_KEYS = frozenset({"body", "marked_body", "slot_key", "placed", "unplaced"})

# The stat recorded for an input that must be proved again next time: no file has it.
UNSURE = [-1, -1, -1, -1]

Kept = tuple[str, str]  # a note's path, and its page's record as JSON text


def kept(page: Page) -> Kept | None:
    """What to keep of `page` to rebuild it after a prose edit: None for a page that is
    not a note's, or whose context would not read back from JSON exactly as it is."""
    rebuild = page.rebuild
    if rebuild is None:
        return None
    stored = {k: v for k, v in page.context.items() if k not in BODY_KEYS}
    if not (_plain(stored) and _plain(rebuild)):
        return None
    return rebuild["note"], json.dumps([page.path, rebuild, stored], separators=(",", ":"))


def _plain(value: Any) -> bool:
    """Whether `value` reads back from JSON as the same value of the same types (a
    tuple comes back a list, Markup a plain string, which a template treats otherwise)."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(_plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


def names(
    root: Path, out: Path, fmt: str, draft: bool, today: dt.date
) -> tuple[str, str, list[Any]]:
    """The entry's name, its blocks' name prefix and its key."""
    site = [str(root), str(out), fmt, draft]
    key = [__version__, code_stamp(), *site, today.isoformat()]
    entry = hashlib.blake2b(json.dumps(key).encode("utf-8", "surrogateescape"), digest_size=12)
    blocks = hashlib.blake2b(json.dumps(site).encode("utf-8", "surrogateescape"), digest_size=8)
    return f"{KIND}-{entry.hexdigest()}.json", f"{KIND}notes-{blocks.hexdigest()}", key


def site_files(out: Path) -> dict[str, list[int]] | None:
    """Every file of the site at `out` (its inode, size and modification time) and every
    folder in it (`name/`), by path relative to it; None if it holds anything but
    folders and regular files."""
    found: dict[str, list[int]] = {}
    pending = [""]
    while pending:
        rel = pending.pop()
        try:
            with os.scandir(out / rel if rel else out) as listing:
                for entry in listing:
                    name = f"{rel}/{entry.name}" if rel else entry.name
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(st.st_mode):
                        pending.append(name)
                        found[f"{name}/"] = []  # a folder added, even empty, is a change
                    elif stat.S_ISREG(st.st_mode):
                        found[name] = [st.st_ino, st.st_size, st.st_mtime_ns]
                    else:
                        return None
        except OSError:
            return None
    return found


def remember(
    cache: Cache,
    result: LintResult,
    out: Path,
    fmt: str,
    draft: bool,
    pages_made: int,
    errors: int,
    print_: str | None,
    pages: Sequence[Kept],
    started_ns: int,
) -> None:
    """Keep what the next render needs to redo only the pages of notes edited in their
    prose (see the module's docstring); quiet when it cannot."""
    from ..lint_cache import file_based, racy_names
    from ..lint_delta import is_note, record
    from ..linter import pii_names
    from .incremental import Previous

    ws = result.workspace
    if print_ is None or not file_based(ws):
        return
    stats = _inputs(ws, result.paths)
    if stats is None:
        return
    kept_stats = dict(stats)
    # A note edited just before the render (a save, then `render`) may change again
    # within its stat's resolution: it is recorded as changed, so that the next render
    # proves it again from its text (and redoes its page if only its prose changed).
    for rel in racy_names(stats, started_ns):
        if not is_note(rel):
            return
        kept_stats[rel] = UNSURE
    site = site_files(out)
    if site is None:
        return
    name, prefix, key = names(ws.root, out, fmt, draft, ws.today)
    token = secrets.token_hex(8)
    notes: dict[str, int] = {}
    blocks = [pages[i : i + BLOCK] for i in range(0, len(pages), BLOCK)]
    for number, block in enumerate(blocks):
        records = ",".join(f"{json.dumps(rel)}:{text}" for rel, text in block)
        if not cache.write_json(
            f"{prefix}-{number}.json", f"[{json.dumps(token)},{{{records}}}]", prune=False
        ):
            return
        notes.update((rel, number) for rel, _text in block)
    _remove_blocks(cache, prefix, len(blocks))
    data = {
        "key": key,
        "token": token,
        "stats": kept_stats,
        "seen": record(
            str(ws.root), ws.note_facts, ws.texts, ws.folders, ws.note_fields(), pii_names(result)
        ),
        "print": print_,
        "pages": pages_made,
        "errors": errors,
        "site": site,
        "notes": notes,
        "previous": Previous.entry_name(out, fmt),
    }
    # One stat, taken after the site was made, suffices: an input changed since the
    # render began is racy (a note recorded as unsure, anything else no entry), and
    # one changed after this stat differs from it next time.
    cache.write(name, data)


def _inputs(ws: Workspace, paths: list[str]) -> dict[str, Stat] | None:
    """The stat of every input of a render: lint's, and with user data the snapshots
    the figures read, which lint does not (None where a link is among them)."""
    from ..lint_cache import inputs

    stats = inputs(ws, paths, [])
    if ws.config.data is not None:
        snapshots = _snapshot_stats(ws.root)
        if snapshots is None:
            return None
        stats.update(snapshots)
    return stats


def _snapshot_stats(root: Path) -> dict[str, Stat] | None:
    """The stat of `segments/` and of every folder and file in it (the segment and
    playbook snapshots render's figures read), or None where a link is among them."""
    from ..data.snapshots import FOLDER

    base = os.path.join(root, FOLDER)
    found: dict[str, Stat] = {f"{FOLDER}/": stat_of(base)}
    if not os.path.lexists(base):
        return found
    if os.path.islink(base):
        return None
    for folder, dirs, files in os.walk(base):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                return None
            found[f"{rel}/{name}" + ("/" if name in dirs else "")] = stat_of(path)
    return found


def _remove_blocks(cache: Cache, prefix: str, kept_blocks: int) -> None:
    """Remove blocks of an earlier render of this site beyond the `kept_blocks` written."""
    pattern = f"{prefix}-"
    try:
        with os.scandir(cache.folder) as listing:
            found = [entry.name for entry in listing if entry.name.startswith(pattern)]
    except OSError:
        return
    for entry in found:
        number = entry[len(pattern) : -len(".json")]
        if not number.isdigit() or int(number) >= kept_blocks:
            cache.remove(entry)


def rerender(
    root: Path, out: Path, fmt: str, draft: bool, today: dt.date
) -> tuple[int, int] | None:
    """Redo the render of the site at `out` when the last one still stands but for the
    pages of notes edited in their prose, which are rewritten: how many pages the site
    has and how many lint errors it was rendered with; None when a full render is
    needed (also when the site cannot be read or written here: the full render then
    says why, or succeeds where this could not)."""
    cache = Cache(root)
    if not cache.enabled or not os.path.isdir(out) or os.path.islink(out):
        return None
    name, prefix, key = names(root, out, fmt, draft, today)
    data = cache.read(name)
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    try:
        return _rerender(cache, root, out, fmt, data, prefix, name)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError):
        return None  # a corrupt or foreign entry is no entry
    except OSError:
        return None  # a page or folder of the site this cannot read or write


def _rerender(
    cache: Cache, root: Path, out: Path, fmt: str, data: dict[str, Any], prefix: str, name: str
) -> tuple[int, int] | None:
    from .. import lint_delta
    from ..lint_cache import complete, now_ns, racy
    from .incremental import Previous, fingerprint
    from .output import MARKER, site_lock

    started = now_ns()
    if not complete(data):  # an entry that records no input vouches for nothing
        return None
    moved = lint_delta.changed(data, str(root))
    if moved is None or (moved and not lint_delta.holds_after(data, moved, str(root))):
        return None
    print_ = data["print"]
    if not isinstance(print_, str) or fingerprint(root, fmt) != print_:
        return None
    edited = sorted(rel for rel in moved if lint_delta.is_note(rel))
    records = _records(cache, prefix, data, edited, fmt)
    if records is None:
        return None
    pages, errors = int(data["pages"]), int(data["errors"])
    site: dict[str, Any] = data["site"]
    with site_lock(out):
        if os.path.islink(out) or MARKER not in site or site_files(out) != site:
            return None
        # The previous render's keys, named here: an entry never says which file to use.
        previous = Previous.entry_name(out, fmt)
        rewritten = _rewrite(cache, root, out, fmt, print_, records, site, previous)
        if rewritten is None:
            return None
        if rewritten or moved:
            if not racy(dict(moved), started):
                data["stats"].update(moved)  # the next render finds nothing changed
            cache.write(name, data)
    return pages, errors


def _records(
    cache: Cache, prefix: str, data: Mapping[str, Any], edited: list[str], fmt: str
) -> list[list[Any]] | None:
    """The kept records of the pages of the notes in `edited`, or None if one is missing
    or is not a note page's."""
    from .views import LinkMaker

    link = LinkMaker(f".{fmt}")
    numbers = data["notes"]
    blocks: dict[int, dict[str, Any]] = {}
    records = []
    for rel in edited:
        number = numbers.get(rel)
        if not isinstance(number, int):
            return None
        if number not in blocks:
            block = cache.read(f"{prefix}-{number}.json")
            if not isinstance(block, list) or len(block) != 2 or block[0] != data["token"]:
                return None
            blocks[number] = block[1]
        record = blocks[number].get(rel)
        if not isinstance(record, list) or record[1]["note"] != rel:
            return None
        if record[0] != link.path("note", str(record[2]["note"]["id"])):
            return None  # only ever a note's own page
        records.append(record)
    return records


def _rewrite(
    cache: Cache,
    root: Path,
    out: Path,
    fmt: str,
    print_: str,
    records: list[list[Any]],
    site: dict[str, Any],
    previous_name: str,
) -> int | None:
    """Rebuild, render and write each recorded page whose bytes changed; how many were
    written, or None when one cannot be (its record or its note is not as it should be)."""
    from ..errors import WorkspaceError
    from ..model.documents import body_of
    from ..workspace.reading import Skipped, read_inside
    from .incremental import page_key, stat_of
    from .page import Page
    from .templating import render_page, site_environment
    from .text import with_body

    pages = []
    for path, rebuild, stored in records:
        if not _page_path(path, site):
            return None
        rel = rebuild["note"]
        try:
            text = read_inside(str(root), os.path.join(root, rel), rel)
        except (Skipped, WorkspaceError):
            return None
        starts = {int(offset): str(anchor) for offset, anchor in rebuild["starts"]}
        title = str(rebuild["title"])
        context = dict(stored)
        context.update(
            with_body(
                _as_is, body_of(text, int(rebuild["body_line"])), title, starts, context["quotes"]
            )
        )
        pages.append(Page(path, "note", context, rebuild))
    if not pages:
        return 0
    previous = cache.read(previous_name)
    if not isinstance(previous, dict):
        return None
    env = site_environment(root, fmt)
    try:
        # Every page first: a template that fails leaves the site as it was, and the
        # full render that follows reports it as it would.
        contents = [render_page(env, root, fmt, page).encode("utf-8") for page in pages]
    except WorkspaceError:
        return None
    changed = {
        page.path: content
        for page, content in zip(pages, contents, strict=True)
        if (out / page.path).read_bytes() != content
    }
    if changed:
        _swap_in(out, changed)
    for page in pages:
        now = stat_of(out / page.path)
        if now is None:
            return None
        site[page.path] = list(now)
        key = page_key(print_, page)
        if key is None:
            previous.pop(page.path, None)
        else:
            previous[page.path] = [key, *now]
    cache.write(previous_name, previous)
    return len(changed)


def _as_is(text: str) -> str:
    """Workspace text as a page that is not public shows it."""
    return text


def _page_path(path: Any, site: Mapping[str, Any]) -> bool:
    """Whether a kept page path is a file of the site as it was walked, plainly named."""
    if not isinstance(path, str) or path not in site:
        return False
    parts = path.split("/")
    return not any(part in ("", ".", "..") for part in parts) and "\0" not in path


def _swap_in(out: Path, pages: Mapping[str, bytes]) -> None:
    """Replace the files of `out` named in `pages` with their new bytes, all or none:
    every new file is written beside its page first; then each page is kept under a
    second name (a hard link) and replaced, and on any failure or interruption the
    pages replaced so far are put back. No file of ours is left behind either way."""
    from .output import write_file

    token = secrets.token_hex(4)
    made: list[tuple[str, str, str]] = []  # page, its new file, its kept old file

    def beside(rel: str, what: str) -> str:
        folder, _sep, base = rel.rpartition("/")
        name = f".{base}.{what}-{token}"
        return f"{folder}/{name}" if folder else name

    replaced: list[tuple[str, str]] = []
    try:
        for rel, content in pages.items():
            new, old = beside(rel, "new"), beside(rel, "old")
            made.append((rel, new, old))
            write_file(out, new, content)
        for rel, _new, old in made:
            os.link(out / rel, out / old, follow_symlinks=False)
        for rel, new, old in made:
            os.replace(out / new, out / rel)
            replaced.append((rel, old))
    except BaseException:
        for rel, old in reversed(replaced):
            os.replace(out / old, out / rel)
        raise
    finally:
        for _rel, new, old in made:
            for leftover in (new, old):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(out / leftover)
