"""Edits that lint cannot see keep the last answer: a note changed only in its prose.

A lint entry (lint_cache.py) holds while every input keeps its stat. Most edits to a
note, though, change nothing any rule looks at: a sentence added to a transcript, a
typo fixed outside the quotes and the front matter. Rules see a note through its lines
up to the body (the front matter), its suppressions and what its body parse finds
(the title, the quotes with their anchors, tags and places, the malformed quotes,
where the body starts): workspace/note_facts.py digests those. Only rule PK301 also
reads the prose, for e-mail addresses and listed real names. When all of that is the
same, so is every finding.

So a lint entry also records, per note, that digest and the PK301 lines of its prose,
and for each folder it listed the names a walk could use. When the only inputs whose
stat changed are notes with the same digest and PK301 lines, and folders with the same
names (a file saved by renaming a new one over it moves its folder's mtime), the
entry's answer holds. The personas, journeys, decisions, the config, the lock and the
data must keep their stats, so a planted cache in a clone (every stat differs) still
vouches for nothing.

Refused, for a full run instead: a changed note that is reached through a symbolic
link anywhere on its path, cannot be read, or has no digest (broken front matter, or a
note the note cache does not keep); a folder that holds or is reached through a
symbolic link; any changed input but `.md` files under `interviews/` and the folders a
walk lists (decided here, never by the entry, which a clone may have planted); more
than `MOST_CHANGED` changed notes (each is read here, and after a checkout of another
branch a full run is cheaper than finding that out note by note). No model is built
and no YAML parsed.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from collections.abc import Iterable, Mapping
from typing import Any

from .file_stats import Stat, stat_of, where

# The most changed notes parsed to prove an entry still holds.
MOST_CHANGED = 50
# What a workspace walk may read or walk into (workspace/load.py), hidden names aside.
_WALKED = (".md", ".yaml", ".yml")
_FOLDERS = ("personas", "journeys", "interviews", "decisions")


def record(
    root: str,
    facts: Mapping[str, str],
    texts: Mapping[str, str],
    folders: Iterable[str],
    allowed: Iterable[str],
    names: list[str],
) -> dict[str, Any]:
    """What an entry keeps to be proved again after prose edits: the digest of what lint
    sees of each note (`facts`, from the note cache, by path), the PK301 lines of each
    note's prose (`texts`) under the listed `names`, the listing of each folder walked,
    and the front-matter fields the config allows (to read a changed note as the run did)."""
    from .personal_data import prose_findings

    listed = tuple(names)
    pii = {}
    for rel in facts:
        found = prose_findings(texts.get(rel, ""), listed)
        if found:
            pii[rel] = [list(hit) for hit in found]
    return {
        "notes": dict(facts),
        "pii": pii,
        "names": list(names),
        "allowed": sorted(allowed),
        "listings": {rel + "/": listing(os.path.join(root, rel)) for rel in folders},
    }


def listing(folder: str) -> str | None:
    """A digest of the names in `folder` a walk could read or walk into, with their kind;
    None when it cannot be listed or holds a symbolic link (its target may have moved)."""
    names = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_symlink():
                    return None
                if entry.is_dir(follow_symlinks=False):
                    names.append("d/" + name)
                elif name.endswith(_WALKED):
                    names.append("f/" + name)
    except OSError:
        return None
    blob = "\0".join(sorted(names)).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def changed(data: Mapping[str, Any], root: str) -> dict[str, Stat] | None:
    """The inputs of entry `data` whose stat is no longer the recorded one, with their
    stat now; None as soon as one changed that cannot be proved the same (not a note,
    not a folder) or more than can be proved again have changed."""
    seen = data.get("seen")
    notes = seen.get("notes") if isinstance(seen, dict) else None
    if not isinstance(notes, dict):
        notes = {}
    prefix = str(root) + os.sep
    moved: dict[str, Stat] = {}
    for name, recorded in data["stats"].items():
        now = stat_of(where(prefix, name))
        if now != recorded:
            if not (is_folder(name) or (name in notes and is_note(name))):
                return None
            moved[name] = now
            if len(moved) > MOST_CHANGED * 2:
                return None
    return moved


# Which changed inputs may be proved the same is decided here, never by the entry: an
# entry is JSON in the workspace, and a planted one could name the config as a note.
_PARTS_REFUSED = ("", ".", "..")


def is_note(name: str) -> bool:
    """Whether recorded input `name` is a note a walk of `interviews/` reads."""
    parts = name.split("/")
    return (
        parts[0] == "interviews"
        and name.endswith(".md")
        and not any(part in _PARTS_REFUSED or part.startswith(".") for part in parts)
        and "\0" not in name
    )


def is_folder(name: str) -> bool:
    """Whether recorded input `name` is a folder a walk lists (`personas/`, ...)."""
    parts = name[:-1].split("/")
    return (
        name.endswith("/")
        and parts[0] in _FOLDERS
        and not any(part in _PARTS_REFUSED or part.startswith(".") for part in parts)
        and "\0" not in name
    )


def _plain_path(root: str, name: str) -> bool:
    """Whether `name` under `root` is where it says, through no symbolic link: a walk
    refuses a link out of the workspace, and one planted in a folder above a note (a
    folder turned into a link) would otherwise go unseen here."""
    real_root = os.path.realpath(root)
    lexical = os.path.join(real_root, *name.rstrip("/").split("/"))
    return os.path.realpath(lexical) == lexical


def holds_after(data: Mapping[str, Any], moved: Mapping[str, Stat], root: str) -> bool:
    """Whether entry `data`'s answer holds although the inputs in `moved` changed: each
    is a note lint sees the same, or a folder with the same names, each reached through
    no symbolic link."""
    seen = data.get("seen")
    if not isinstance(seen, dict):
        return False
    notes, listings = seen["notes"], seen["listings"]
    changed_notes = []
    for name, now in moved.items():
        if not _plain_path(root, name):
            return False
        if is_folder(name):
            was = listings.get(name)
            if was is None or now is None or listing(os.path.join(root, name)) != was:
                return False
        elif is_note(name) and name in notes and now is not None:
            changed_notes.append(name)
        else:
            return False
    if len(changed_notes) > MOST_CHANGED:
        return False
    return all(_same_note(seen, root, rel) for rel in changed_notes)


def _same_note(seen: Mapping[str, Any], root: str, rel: str) -> bool:
    path = os.path.join(root, rel)
    try:
        if not stat_mode.S_ISREG(os.lstat(path).st_mode):
            return False
    except OSError:
        return False
    from .errors import WorkspaceError
    from .personal_data import prose_findings
    from .workspace.note_facts import facts
    from .workspace.reading import Skipped, read_inside

    try:
        text = read_inside(str(root), path, rel)
    except (Skipped, WorkspaceError):
        return False
    now = facts(text)
    if now is None or now != seen["notes"][rel]:
        return False
    found = prose_findings(text, tuple(seen["names"]))
    return [list(hit) for hit in found] == seen["pii"].get(rel, [])
