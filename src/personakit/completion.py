"""What shell completion offers: persona ids, note ids, quote anchors, claim ids and
rule codes, read straight from the workspace's folders.

Completion runs on every Tab press, often in a half-edited workspace, so nothing here
validates or loads the workspace: ids are file stems (a note's front-matter `id:` when
it has one), anchors and claim ids are found by a pattern, and any error gives no
candidates rather than a traceback in the user's shell. Scanning notes stops reading
front matter after a time budget (the stems still come). Ids that a shell could not
take as one word are never offered.

Standard library only (the rule codes import the rule registry, only when asked).
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .workspace.root import CONFIG_NAME

# What an id may look like to be offered: nothing a shell would split or interpret.
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_FRONT_ID = re.compile(r"^id:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)
_ANCHOR = re.compile(r"\^([A-Za-z0-9][A-Za-z0-9_-]*)[ \t]*$", re.MULTILINE)
_CLAIM_ID = re.compile(r"^[ \t]*-?[ \t]*id:[ \t]*['\"]?([A-Za-z0-9][A-Za-z0-9_-]*)", re.MULTILINE)
# A card's `playbook:` block, up to the next top-level key: its step ids are no claims.
_PLAYBOOK = re.compile(r"^playbook:.*?(?=^[^\s#]|\Z)", re.MULTILINE | re.DOTALL)
HEAD_BYTES = 4096  # front matter is read from a note's first bytes only
SCAN_SECONDS = 0.5
MAX_FILE_BYTES = 1 << 20  # a persona or note larger than this is not read for ids


def safely(produce: Callable[[], Iterable[str]]) -> list[str]:
    """`produce()` as a list, or nothing if it fails for any reason."""
    try:
        return list(produce())
    except Exception:  # completion must never fail in the user's shell
        return []


def find_root(given: str | None = None, start: Path | None = None) -> Path | None:
    """The workspace folder: `given` (--root) or the nearest folder up from `start`
    (default: here) holding `personakit.yaml`; None if there is none."""
    if given:
        root = Path(given)
        return root if (root / CONFIG_NAME).is_file() else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _safe(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if _SAFE.fullmatch(v)})


def _files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Regular files under `folder` with one of `suffixes`, in name order. Links are
    neither followed nor read (one could point at a FIFO or out of the workspace)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path), suffixes)
        elif entry.is_file(follow_symlinks=False) and entry.name.endswith(suffixes):
            yield Path(entry.path)


def _head(path: Path, size: int = HEAD_BYTES) -> str:
    with open(path, "rb") as handle:
        return handle.read(size).decode("utf-8", "replace")


def _small_text(path: Path) -> str | None:
    info = path.lstat()  # a link is not read, nor a FIFO or device
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return None
    return path.read_text(encoding="utf-8", errors="replace")


def persona_ids(root: Path) -> list[str]:
    """Every persona id: the stems of `personas/*.yaml`."""
    folder = root / "personas"
    if not folder.is_dir():
        return []
    return _safe(p.stem for p in _files(folder, (".yaml",)) if p.parent == folder)


def note_ids(root: Path, budget: float = SCAN_SECONDS) -> list[str]:
    """Every note id under `interviews/`: its front matter's `id:`, else its stem."""
    folder = root / "interviews"
    if not folder.is_dir():
        return []
    deadline = time.monotonic() + budget
    ids = []
    for path in _files(folder, (".md",)):
        ids.append(_note_id(path) if time.monotonic() < deadline else path.stem)
    return _safe(ids)


def _note_id(path: Path) -> str:
    head = _head(path)
    if head.startswith("---"):
        end = head.find("\n---", 3)
        match = _FRONT_ID.search(head[3 : end if end != -1 else len(head)])
        if match:
            return match.group(1)
    return path.stem


def _note_path(root: Path, note_id: str) -> Path | None:
    folder = root / "interviews"
    by_stem = None
    for path in _files(folder, (".md",)):
        if _note_id(path) == note_id:
            return path
        if by_stem is None and path.stem == note_id:
            by_stem = path
    return by_stem


def quote_anchors(root: Path, note_id: str) -> list[str]:
    """The quote anchors (`^q1` as `q1`) of one note."""
    path = _note_path(root, note_id)
    text = _small_text(path) if path is not None else None
    return _safe(_ANCHOR.findall(text)) if text else []


def claim_ids(root: Path, persona_id: str) -> list[str]:
    """The claim ids of one persona (`id:` entries of its card)."""
    if not _SAFE.fullmatch(persona_id):
        return []
    text = _small_text(root / "personas" / f"{persona_id}.yaml")
    return _safe(_CLAIM_ID.findall(_PLAYBOOK.sub("", text))) if text else []


def citations(root: Path, incomplete: str) -> list[str]:
    """`NOTE#ANCHOR` and `PERSONA#CLAIM` candidates: before a `#`, the note and persona
    ids followed by `#`; after it, that note's anchors and that persona's claim ids."""
    if "#" not in incomplete:
        return [f"{i}#" for i in _safe([*persona_ids(root), *note_ids(root)])]
    owner, _, _rest = incomplete.partition("#")
    anchors = quote_anchors(root, owner) if owner in note_ids(root) else []
    claims = claim_ids(root, owner) if owner in persona_ids(root) else []
    return [f"{owner}#{i}" for i in _safe([*anchors, *claims])]


def rule_codes() -> list[tuple[str, str]]:
    """Every rule code with its name (shown beside it by zsh and fish), in code order;
    and `ALL`."""
    from .rules import RULES

    codes = [(code, rule.NAME) for code, rule in RULES.items()]
    return [*codes, ("ALL", "every rule")]


def matching(candidates: Iterable[str], incomplete: str) -> list[str]:
    """The candidates that start with `incomplete`, ignoring case."""
    lowered = incomplete.lower()
    return [c for c in candidates if c.lower().startswith(lowered)]
