"""`import transcript`: transcripts in, pseudonymised notes out.

Every file is read, its speakers coded and its note composed and read back before
anything is written; then the names map (outside the workspace) and the notes are
written, each atomically and never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WorkspaceError
from ..fs import check_name, is_inside, write_atomic, write_new
from ..scaffold.files import read_regular
from . import speakers as sp
from .compose import Paragraph, check_note, note_fields, note_text
from .names_map import NamesMap, add_speakers, read_names_map
from .transcripts import TranscriptFormat, clock, merge, read_transcript


@dataclass
class TranscriptOptions:
    """What the command line says about the notes to write."""

    speakers: list[str] = field(default_factory=list)  # NAME=CODE
    interviewers: list[str] = field(default_factory=list)
    names_map: Path | None = None
    note_id: str | None = None
    kind: str = "interview"
    date: dt.date | None = None
    role: str | None = None
    account: str | None = None
    consent: str = "internal"
    tags: list[str] = field(default_factory=list)
    fmt: TranscriptFormat | None = None


@dataclass
class Imported:
    """One note written (or about to be): where, whose, and what to tell the user."""

    source: str
    path: Path
    participant: str
    text: str
    paragraphs: int
    new_codes: dict[str, str]  # speaker names given a code by this run
    warnings: list[str] = field(default_factory=list)


def read_input(path: Path) -> bytes:
    """The bytes of a file to import (outside the workspace as often as not): a regular
    file of at most 16 MiB; FIFOs and devices are refused without being waited on."""
    shown = str(path)
    check_name(path, shown)
    return read_regular(path, shown)


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a BOM allowed), or one line naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise WorkspaceError(
            f"is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8 first", shown, line
        ) from None


def check_names_map(root: Path, path: Path) -> Path:
    """`--names-map` refused inside the workspace (real names must never reach it, nor
    its git history), following links, and refused when it is not a plain file."""
    shown = str(path)
    check_name(path, shown)
    # As written (a link in the workspace pointing out is still a path into it) and
    # with every link followed (a link outside pointing in).
    written = os.path.abspath(path)
    base = os.path.abspath(root)
    lexically = written == base or written.startswith(base.rstrip(os.sep) + os.sep)
    if lexically or is_inside(root, path) or is_inside(root, path.parent):
        raise WorkspaceError(
            "--names-map must be outside the workspace: it holds real names", shown
        )
    if os.path.islink(path):
        raise WorkspaceError(
            "--names-map is a symbolic link; personakit does not write through links", shown
        )
    if path.exists() and not path.is_file():
        raise WorkspaceError("--names-map is not a regular file", shown)
    return path


def validate(options: TranscriptOptions, files: int) -> None:
    """The flags' values, checked before any file is read."""
    from ..model import Consent, NoteKind
    from ..scaffold.ids import check_id
    from ..scaffold.values import check_text

    if options.kind not in {k.value for k in NoteKind}:
        raise WorkspaceError(f"--kind must be one of {', '.join(k.value for k in NoteKind)}")
    if options.consent not in {c.value for c in Consent}:
        raise WorkspaceError("--consent must be internal or public")
    for value, flag in ((options.role, "--role"), (options.account, "--account")):
        if value is not None:
            check_text(value, flag)
    for tag in options.tags:
        check_id(tag, "--tag")
    for name in [*options.speakers, *options.interviewers]:
        check_text(name, "--speaker" if name in options.speakers else "--interviewer")
    if options.note_id is not None:
        check_id(options.note_id, "--id")
        if files > 1:
            raise WorkspaceError("--id names one note: give one file with it")


def import_transcripts(
    root: Path, files: list[Path], options: TranscriptOptions, *, write: bool = True
) -> list[Imported]:
    """Read each transcript, code its speakers, compose its note and (with `write`)
    write the notes and the names map; returns what was (or would be) written."""
    from ..scaffold.ids import check_id
    from ..session import Session

    validate(options, len(files))
    names_map = check_names_map(root, options.names_map) if options.names_map else None
    mapped = read_names_map(names_map) if names_map else NamesMap()
    add_speakers(mapped, options.speakers, names_map)
    ws = Session.load(root).workspace
    taken = {n.participant for n in ws.notes.values() if n.participant}
    pii_names = _pii_names(ws)
    results: list[Imported] = []
    targets: set[Path] = set()
    for file in files:
        shown = str(file)
        text = decode(read_input(file), shown)
        turns, _fmt, meta = read_transcript(text, shown, options.fmt)
        turns = merge(turns)
        speakers = list(dict.fromkeys(t.speaker for t in turns))
        codes = sp.assign(speakers, mapped, options.interviewers, taken)
        participants = codes.participants(speakers)
        if len(participants) != 1:
            raise WorkspaceError(_participant_problem(codes, speakers, participants), shown)
        participant = participants[0]
        for name, code in codes.new.items():
            mapped.add(name, code)
        for name in [*speakers, *options.interviewers]:
            mapped.learn(name)
        taken |= set(codes.codes.values())
        replace = sp.replacer(codes)
        paragraphs = [
            Paragraph(codes.code(t.speaker), clock(t.start), [replace(line) for line in t.lines])
            for t in turns
        ]
        date = options.date or _meta_date(meta) or _mtime_date(file)
        stem = options.note_id or f"{date.isoformat()}-{participant.lower()}"
        check_id(stem, "note id")
        path = root / "interviews" / f"{stem}.md"
        rel = f"interviews/{stem}.md"
        if path in targets or os.path.lexists(path):
            raise WorkspaceError(
                "already exists; personakit never overwrites a file (give another --id)", rel
            )
        targets.add(path)
        fields = note_fields(
            date, options.kind, participant, options.role, options.account,
            options.tags, options.consent,
        )  # fmt: skip
        kind = options.kind.replace("-", " ")
        note = note_text(fields, f"{kind.capitalize()} with {participant}", paragraphs)
        check_note(note, fields, rel)
        imported = Imported(shown, path, participant, note, len(paragraphs), dict(codes.new))
        imported.warnings = _pii_warnings(note, rel, pii_names, ws.config.region)
        results.append(imported)
    if write:
        if names_map is not None:
            write_names_map(names_map, mapped)
        for imported in results:
            write_new(imported.path, imported.text, _rel(root, imported.path), root=root)
    return results


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _participant_problem(codes: sp.Pseudonyms, speakers: list[str], participants: list[str]) -> str:
    if not participants:
        return "only the team's side (--interviewer) speaks: a note needs a participant"
    named = ", ".join(
        f"{s or '(no name)'} ({codes.code(s)})" for s in speakers if codes.code(s) in participants
    )
    return (
        f"{len(participants)} speakers are not the team's side: {named}; a note has one "
        "participant: mark the team's side with --interviewer NAME, or split the transcript"
    )


def _meta_date(meta: dict[str, str]) -> dt.date | None:
    from ..dates import DateError, parse_date

    for name in ("date", "created", "recorded"):
        value = meta.get(name, "")[:10]
        if value:
            try:
                return parse_date(value)
            except DateError:
                continue
    return None


def _mtime_date(path: Path) -> dt.date:
    return dt.date.fromtimestamp(os.stat(path).st_mtime)


def _pii_names(ws: object) -> list[str]:
    """The real names PK301 is told about in the config's rule options."""
    rules = getattr(getattr(ws, "config", None), "rules", {}) or {}
    options = rules.get("PK301") or rules.get("pii")
    if isinstance(options, dict) and isinstance(options.get("names"), list):
        return [str(n) for n in options["names"]]
    return []


def _pii_warnings(note: str, rel: str, names: list[str], region: str) -> list[str]:
    """`interviews/x.md:14: holds an e-mail address` for each line of what was said that
    still holds personal data after the speakers' names were replaced."""
    from .. import personal_data
    from .compose import HEAD_RE

    warnings = []
    lines = note.split("\n")
    fence = lines.index("---", 1) if "---" in lines[1:] else 0
    for number, line in enumerate(lines[fence + 1 :], start=fence + 2):
        if not line or line.startswith("# ") or HEAD_RE.match(line):
            continue
        what = personal_data.find(line, names, region)
        if what:
            warnings.append(
                f"{rel}:{number}: holds {what}; redact it (lint's PK301 flags e-mail "
                "addresses and listed names anywhere in a note, phone numbers in quotes)"
            )
    return warnings


def write_names_map(path: Path, mapped: NamesMap) -> None:
    """Write the names map: a comment saying what it is, then `name=CODE` lines. A new
    map is readable by its owner only (it holds real names); a replaced one keeps the
    permissions it had."""
    lines = [
        "# personakit names map: real names of speakers and their participant codes.",
        "# Keep this file out of the workspace and out of git.",
        *mapped.lines(),
    ]
    # Private from its first byte: it holds real names.
    write_atomic(path, "\n".join(lines) + "\n", private=True)
