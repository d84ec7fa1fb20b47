"""Reading thousands of notes on every core.

Composing YAML and scanning Markdown are pure Python, so one process reads notes at
the speed of one core. With enough notes, the list is split: forked worker processes
read the later part while this process reads the first part itself, then takes the
workers' results in order. The answer is the same either way (a test compares them).

Workers are forked, which costs no imports, and only when forking is safe: no other
thread is running and no data engine (which keeps threads of its own) is loaded; else,
or with few notes, one core reads them all. `PERSONAKIT_JOBS` sets the number of
processes (1: never fork), as it does for render.
"""

from __future__ import annotations

from collections.abc import Generator

from ..forking import Forked, ProcessDied, fork_is_safe, jobs
from .note_file import NoteFile
from .note_reader import NoteReader

PARALLEL_MIN = 2000  # notes to read before a worker pays for its start and its results


# The reader the workers use: set before they are forked, so that they inherit it
# (with what the note cache knows) instead of each being sent a copy.
_reader: NoteReader | None = None


def read_notes(reader: NoteReader, files: list[tuple[str, str]]) -> Generator[NoteFile, None, None]:
    """Each of `files` (path, rel) read, in the order given."""
    global _reader
    count, chosen = jobs()
    # Notes the cache knows cost a read and a digest: only the others are worth a worker.
    held = reader.memory or {}
    unknown = sum(1 for _path, rel in files if rel not in reader.known and rel not in held)
    if count < 2 or unknown < _minimum(chosen) or not fork_is_safe():
        for path, rel in files:
            yield reader.read(path, rel)
        return
    # An even share for this process too: it also turns the workers' results back
    # into objects, but a worker pays as much to send them (on two cores, 40% here
    # was measured at 3.8 to 4.2 s for 10,000 notes, and 50% at 3.3 to 3.8 s).
    own = max(1, len(files) // count)
    rest = files[own:]
    size = -(-len(rest) // (count - 1))
    chunks = [rest[start : start + size] for start in range(0, len(rest), size)]
    _reader = reader
    workers = Forked()
    try:
        numbers = [workers.start(_read_chunk, chunk) for chunk in chunks]
        for path, rel in files[:own]:
            yield reader.read(path, rel)
        theirs: list[list[NoteFile]] = []
        for chunk, number in zip(chunks, numbers, strict=True):
            try:
                theirs.append(workers.result(number))
            except ProcessDied:  # killed (out of memory?): its share is read here
                theirs.append([reader.read(path, rel) for path, rel in chunk])
    finally:
        _reader = None
        workers.stop()
    # Every worker has ended before the rest is handed out: the caller may stop taking
    # notes at any point without leaving a process behind.
    for notes in theirs:
        yield from notes


def _read_chunk(chunk: list[tuple[str, str]]) -> list[NoteFile]:
    reader = _reader
    assert reader is not None  # set before the fork
    return [reader.read(path, rel) for path, rel in chunk]


def _minimum(chosen: bool) -> int:
    # A chosen number of processes is used however few the notes (the tests rely on it).
    return 2 if chosen else PARALLEL_MIN
