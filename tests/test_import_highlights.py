"""`personakit import highlights FILE.csv`: one note per document, each highlight a
quote, participants pseudonymised, re-import idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from personakit.errors import WorkspaceError
from personakit.intake.highlight_notes import HighlightOptions, import_highlights
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

EXPORT = """\
Highlight,Tags,Document,Participant,Created at
"The dashboard was empty, so Jane gave up","Empty first screen; onboarding",Call with Jane Doe,Jane Doe,2026-11-02T10:00:00Z
"We asked in #general and nobody knew",slack,Call with Jane Doe,Jane Doe,2026-11-03
"Seat pricing is steep, Doe says",pricing,Survey 12,,2026-10-01
"""

GROWN = EXPORT + '"Exports time out on big files",exports,Survey 12,,2026-10-05\n'


def _run(root, text, **options):
    source = root.parent / "export.csv"
    source.write_text(text, encoding="utf-8")
    return import_highlights(root, source, HighlightOptions(**options))


def test_one_note_per_document_each_highlight_a_quote(make_workspace):
    root = make_workspace()
    notes = _run(root, EXPORT, role="team-member")
    assert [(n.path.name, n.added, n.created) for n in notes] == [
        ("call-with-p03.md", 2, True),
        ("survey-12.md", 1, True),
    ]
    call = (root / "interviews" / "call-with-p03.md").read_text(encoding="utf-8")
    assert call == (
        "---\ndate: 2026-11-02\nkind: interview\nparticipant: P03\nrole: team-member\n"
        "tags: []\nconsent: internal\n---\n\n# Call with P03\n\n"
        "> The dashboard was empty, so P03 gave up #empty-first-screen #onboarding ^q1\n\n"
        "> We asked in &#35;general and nobody knew #slack ^q2\n"
    )
    assert "Jane" not in call and "Doe" not in call
    result = run_lint(root)
    note = result.session.workspace.notes["call-with-p03"]
    assert note.quotes["q2"].tags == frozenset({"slack"})  # #general is text, not a tag
    assert [f for f in found(result) if f[0].startswith("interviews/") and f[2] != "PK204"] == []


def test_reimport_is_idempotent_and_a_grown_export_adds_only_new_rows(make_workspace):
    root = make_workspace()
    _run(root, EXPORT)
    before = {p.name: p.read_bytes() for p in (root / "interviews").glob("*.md")}
    again = _run(root, EXPORT)
    assert [(n.added, n.created) for n in again] == [(0, False), (0, False)]
    assert {p.name: p.read_bytes() for p in (root / "interviews").glob("*.md")} == before
    grown = _run(root, GROWN)
    assert [(n.path.name, n.added) for n in grown] == [("call-with-p03.md", 0), ("survey-12.md", 1)]
    survey = (root / "interviews" / "survey-12.md").read_bytes()
    assert survey.startswith(before["survey-12.md"])
    assert (
        survey[len(before["survey-12.md"]) :] == b"\n> Exports time out on big files #exports ^q2\n"
    )
    assert (root / "interviews" / "call-with-p03.md").read_bytes() == before["call-with-p03.md"]


def test_grown_note_keeps_crlf(make_workspace):
    root = make_workspace()
    _run(root, EXPORT)
    path = root / "interviews" / "survey-12.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    _run(root, GROWN)
    data = path.read_bytes()
    assert data.endswith(b"\r\n\r\n> Exports time out on big files #exports ^q2\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_headers_mapped_by_hand_and_semicolons(make_workspace):
    root = make_workspace()
    text = "Body;Labels;Source title;Who;When\nIt broke twice;bug, sync;Ticket 9;P-1;2026-09-09\n"
    _run(root, text, maps=["text=Body", "participant=Who", "date=When"], speakers=["P-1=P41"])
    note = (root / "interviews" / "ticket-9.md").read_text(encoding="utf-8")
    assert "date: 2026-09-09\nkind: interview\nparticipant: P41\n" in note
    assert "> It broke twice #bug #sync ^q1\n" in note
    with pytest.raises(WorkspaceError, match="no column 'Nope'"):
        _run(root, text, maps=["text=Nope"])
    with pytest.raises(WorkspaceError, match="FIELD one of"):
        _run(root, text, maps=["body=Body"])


def test_unknown_headers_name_what_was_found_and_the_flags_needed(make_workspace):
    root = make_workspace()
    source = root.parent / "export.csv"
    source.write_text("Body,Where\nx,y\n", encoding="utf-8")
    proc = pk("import", "highlights", str(source), cwd=root)
    assert_one_line_error(
        proc,
        f"{source}:1: no column for text and document; headers found: 'Body', 'Where'",
        "--map text=COLUMN --map document=COLUMN",
    )


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("Text,Document,Date\nok,Doc,2026-13-01\n", 2, "is not a date"),
        ("Text,Document\nok,Doc,extra\n", 2, "more cells than the header"),
        ("Text,Document\n,Doc\n", 2, "without its text"),
        ("Text,Document,Participant\na,Doc,Ann\nb,Doc,Bob\n", 2, "2 participants"),
    ],
)
def test_a_row_that_does_not_read_is_one_line_with_its_line(make_workspace, text, line, needle):
    root = make_workspace()
    with pytest.raises(WorkspaceError) as info:
        _run(root, text)
    assert info.value.line == line and needle in info.value.message
    assert not list((root / "interviews").glob("doc*.md"))


def test_date_defaults(make_workspace):
    root = make_workspace()
    _run(root, "Text,Document\nIt broke,Doc\n", date=dt.date(2026, 1, 2))
    assert "date: 2026-01-02\n" in (root / "interviews" / "doc.md").read_text(encoding="utf-8")


def test_command_line_says_what_it_did(make_workspace):
    root = make_workspace()
    source = root.parent / "export.csv"
    source.write_text(EXPORT, encoding="utf-8")
    first = pk("import", "highlights", str(source), cwd=root)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        "Wrote interviews/call-with-p03.md (2 highlights)\nWrote interviews/survey-12.md (1 highlight)\n"
    )
    again = pk("import", "highlights", str(source), cwd=root)
    assert "interviews/survey-12.md: nothing new" in again.stdout
