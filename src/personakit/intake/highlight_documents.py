"""The documents of a highlight export: whose each one is, every participant's code,
and the note id and heading each document becomes.

A title may name any participant of the export, one whose own rows come later too, so
every code is settled before any title becomes a heading or an id: the names map's and
`--speaker`'s first, then the code of the note an earlier import made for the person's
document, then the next free `Pnn` in the export's order. Only then are titles turned
into headings and ids, every known name replaced in each.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from . import speakers as sp

if TYPE_CHECKING:
    from ..workspace import Note, Workspace
    from .highlights import Highlight
    from .names_map import NamesMap

# Where the participant's code goes in a note id made from a document's title, whose
# words may hold the participant's real name ("Call with Jane Doe" → call-with-p07).
_SLOT = "zzparticipantzz"
# Where another participant goes while their code is not known yet.
_OTHER = "zzperson{}zz"
_MAX_ID = 150


@dataclass
class Document:
    """One document of the export: its title, its participant (`\\0title` when it names
    none, so that it is coded on its own), its rows, and the note made for it before."""

    title: str
    label: str
    rows: list[Highlight]
    existing: Note | None = None
    named: list[str] = field(default_factory=list)  # other participants its title names


@dataclass
class Cast:
    """Who is who in an export: every name's code, and each name as the export and the
    names map write it (compared in lower case, a name is still looked for as written:
    `McDonald`, and never `will` for Will)."""

    codes: dict[str, str]  # key(name) -> code
    written: dict[str, list[str]] = field(default_factory=dict)  # key(name) -> spellings

    def replacer(self, own: str, text: str) -> sp.Replacer:
        """Replaces every known name in `text` by its code, each as written, in title
        case and in capitals (as `import transcript` does): the document's own
        participant's as this document writes it too."""
        return _replacer(own, self.codes, self.written, text)

    def note_id(self, doc: Document) -> str:
        """The id of `doc`'s note: the earlier import's, else made from its title."""
        if doc.existing is not None:
            return doc.existing.id
        code = self.codes[sp.key(doc.label)]
        return _template(doc, self.codes, self.written).replace(_SLOT, code.lower())


def group(highlights: list[Highlight], shown: str) -> list[Document]:
    """The export's documents in the order of their first rows; a document whose rows
    name two participants is refused (a note has one participant)."""
    by_document: dict[str, list[Highlight]] = {}
    for highlight in highlights:
        by_document.setdefault(highlight.document, []).append(highlight)
    documents = []
    for title, rows in by_document.items():
        people = list(dict.fromkeys(h.participant for h in rows))
        if len(people) > 1:
            lines = ", ".join(str(h.line) for h in rows if h.participant != people[0])
            raise WorkspaceError(
                f"document {title!r} has highlights of {len(people)} participants "
                f"(lines {lines} differ from line {rows[0].line}): a note has one participant",
                shown,
                rows[0].line,
            )
        documents.append(Document(title, people[0] or f"\0{title}", rows))
    return documents


def settle(documents: list[Document], mapped: NamesMap, ws: Workspace, taken: set[str]) -> Cast:
    """Every participant's code, `mapped` extended with the new ones, and each document's
    earlier note found (`Document.existing`)."""
    written: dict[str, list[str]] = {}
    for doc in documents:
        spelling = " ".join(doc.label.split())
        written.setdefault(sp.key(doc.label), [])
        if spelling not in written[sp.key(doc.label)]:
            written[sp.key(doc.label)].append(spelling)
    for doc in documents:
        own = sp.key(doc.label)
        people = [k for k in written if k != own and not k.startswith("\0")]
        markers = {k: _OTHER.format(i) for i, k in enumerate(people)}
        marked = _template(doc, markers, written)
        doc.named = [k for k in people if markers[k] in marked]
    for name in mapped:
        label = mapped.label(name)
        if label not in written.setdefault(name, []):
            written[name].insert(0, label)
    # A title that names someone whose code is not known yet is looked up once their
    # own document has given them one. When none can be (titles naming each other),
    # one is matched against every participant code the workspace knows, and the rest
    # are looked up again with what that found.
    pending = list(documents)
    guess = False
    while pending:
        found_any = False
        for doc in list(pending):
            found, unknown = _find(ws, doc, mapped, written, taken, guess)
            if found is not None:
                doc.existing = found
                if sp.key(doc.label) not in mapped:
                    mapped.add(doc.label, found.participant)
                found_any = True
            if found is not None or not unknown:
                pending.remove(doc)
            if found is not None and guess:
                break
        if not found_any and guess:
            break
        guess = not found_any
    codes = sp.assign([doc.label for doc in documents], mapped, [], taken)
    for name, code in codes.new.items():
        if not name.startswith("\0"):
            mapped.add(name, code)
    for doc in documents:
        mapped.learn(doc.label)
    every = dict(mapped) | {sp.key(d.label): codes.code(d.label) for d in documents}
    return Cast(every, written)


def _find(
    ws: Workspace,
    doc: Document,
    mapped: NamesMap,
    written: dict[str, list[str]],
    taken: set[str],
    guess: bool,
) -> tuple[Note | None, bool]:
    """The note an earlier import made for `doc`, and whether its title names someone
    whose code is not known yet. Its id is the title's with the codes in it; with
    `guess`, an unknown person's code may be any participant code known."""
    own = sp.key(doc.label)
    unknown = [k for k in doc.named if k not in mapped]
    if unknown and not guess:
        return None, True
    tokens = dict(mapped) | {k: _OTHER.format(i) for i, k in enumerate(unknown)}
    template = _template(doc, tokens, written)
    others = {i: k for i, k in enumerate(unknown) if _OTHER.format(i) in template}
    code = mapped.get(own)
    if not others and (_SLOT not in template or code is not None):
        return ws.notes.get(template.replace(_SLOT, (code or "").lower())), False
    known = {c.lower(): c for c in (*taken, *mapped.values())}
    choice = "|".join(re.escape(c) for c in sorted(known, key=len, reverse=True)) or "(?!)"
    pattern = re.escape(template)
    pattern = _groups(pattern, _SLOT, "own", re.escape(code.lower()) if code else "[a-z0-9-]+")
    for index in others:
        pattern = _groups(pattern, _OTHER.format(index), f"p{index}", choice)
    compiled = re.compile(pattern)
    candidates: list[tuple[Note, dict[str, str]]] = []
    for note in ws.notes.values():
        match = compiled.fullmatch(note.id)
        if match is None or not note.participant:
            continue
        own_code = code or note.participant
        if match.groupdict().get("own") not in (None, own_code.lower()):
            continue
        guessed = {own: own_code} | {k: known[match[f"p{i}"]] for i, k in others.items()}
        if _shared(guessed, mapped):
            continue
        # Titles of one shape ("Call with X about Y") make ids of one shape: the note
        # is this document's only if its heading is this title with those codes in it.
        codes = mapped | guessed
        title = _replacer(doc.label, codes, written, doc.title)(" ".join(doc.title.split()))
        if note.title == read_title(title):
            candidates.append((note, codes))
    return _likeliest(doc, candidates, written), bool(others)


def _shared(guessed: dict[str, str], mapped: dict[str, str]) -> bool:
    """Whether a guess gives a code to two people (one code is one person's)."""
    held = {c.lower(): n for n, c in mapped.items()}
    values = [c.lower() for c in guessed.values()]
    return len(set(values)) < len(values) or any(
        held.get(c.lower(), n) != n for n, c in guessed.items()
    )


def _likeliest(
    doc: Document, candidates: list[tuple[Note, dict[str, str]]], written: dict[str, list[str]]
) -> Note | None:
    """Of the notes `doc` could have made, one holding one of its highlights (as the
    codes of that guess write it), else the first."""
    from ..evidence import fold

    for note, codes in candidates if len(candidates) > 1 else []:
        said = "\n".join(h.text for h in doc.rows)
        replace = _replacer(doc.label, codes, written, said)
        have = {fold(q.text) for q in note.quotes.values()}
        if any(fold(quote_text(h.text, replace)) in have for h in doc.rows):
            return note
    return candidates[0][0] if candidates else None


def heading(title: str) -> str:
    """A note's heading line for a title whose names are codes already."""
    from .compose import inert

    return f"# {inert(title)}"


def read_title(title: str) -> str | None:
    """`title` as a note headed with it reads it back."""
    from ..workspace.notes import parse_body

    return parse_body(heading(title) + "\n", 1).title


def _groups(pattern: str, marker: str, name: str, choice: str) -> str:
    """`pattern` with the first `marker` a named group of `choice`, the others the same
    text again (one person has one code wherever the title names them)."""
    first, sep, rest = pattern.partition(marker)
    if not sep:
        return pattern
    return f"{first}(?P<{name}>{choice})" + rest.replace(marker, f"(?P={name})")


def _template(doc: Document, codes: dict[str, str], written: dict[str, list[str]]) -> str:
    """`doc`'s note id with `_SLOT` where its participant's name was and every other
    name replaced by its entry of `codes`, as in its heading: a file name must not show
    a name its heading hides."""
    from ..scaffold.ids import slugify

    own = sp.key(doc.label)
    title = " ".join(doc.title.split())
    marked = _replacer(doc.label, codes | {own: _SLOT}, written, title)(title)
    return slugify(marked.replace(_SLOT, f" {_SLOT} "), max_length=_MAX_ID) or "highlights"


def _replacer(
    own_label: str, codes: dict[str, str], written: dict[str, list[str]], text: str
) -> sp.Replacer:
    """Only the people with a spelling in `text`: an export's every participant, for
    each of its documents, would make this quadratic in the export."""
    own = sp.key(own_label)
    # Case folding maps one character at a time: a spelling found in the text is found
    # folded in the folded text, and those of one person that are not cannot match.
    folded = text.casefold()
    people = sp.Pseudonyms()
    for name, code in codes.items():
        labels = [own_label, *written.get(name, [])] if name == own else written.get(name, [])
        found = [label for label in labels if any(s in folded for s in _folded_spellings(label))]
        if found:
            people.codes[name] = code
            people.names[name] = found
    return sp.replacer(people)


@functools.lru_cache(maxsize=4096)
def _folded_spellings(label: str) -> tuple[str, ...]:
    # The code only keeps a label that is its own code from counting as a name.
    return tuple(dict.fromkeys(s.casefold() for s in sp.spellings(label, "")))


_HASH_WORD = re.compile(r"(?<![\w&#/])#(?=[A-Za-z0-9])")


def quote_text(text: str, replace: sp.Replacer) -> str:
    """A highlight's words as a quote line: one line, names replaced, control
    characters made spaces, a `#word` of the text written `&#35;word` (a quote would
    read `#word` as a tag and drop it). Nothing is put before it: after a quote's `> `
    no line start means anything, and a backslash there would become part of the
    quote's words."""
    from .compose import plain

    return _HASH_WORD.sub("&#35;", replace(plain(text)))
