"""Hostile and malformed input to `import transcript` and `import highlights`, found in
review: each test is one way an export could lose, forge or leak what was said."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.intake.highlight_notes import HighlightOptions, import_highlights
from personakit.intake.importer import TranscriptOptions, import_transcripts
from personakit.quoting import quote_passage
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk
from tests.test_import_transcript import assert_refused_at

DAY = dt.date(2026, 11, 20)


def _transcript(root: Path, name: str, text: str, **options) -> Path:
    source = root.parent / name
    source.write_text(text, encoding="utf-8")
    options.setdefault("date", DAY)
    options.setdefault("interviewers", ["Sam Lee"])
    return import_transcripts(root, [source], TranscriptOptions(**options))[0].path


def _highlights(root: Path, text: str, **options):
    source = root.parent / "export.csv"
    source.write_text(text, encoding="utf-8")
    return import_highlights(root, source, HighlightOptions(**options))


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


# -- transcripts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "long.vtt",
            "WEBVTT\n\n123:00:01.000 --> 123:00:05.000\nSam Lee: Tell me what happened.\n\n"
            "123:00:06.000 --> 123:00:09.000\nJane Doe: Nothing at all.\n",
        ),
        (
            "long.srt",
            "1\n123:00:01,000 --> 123:00:05,000\nSam Lee: Tell me what happened.\n\n"
            "2\n123:00:06,000 --> 123:00:09,000\nJane Doe: Nothing at all.\n",
        ),
    ],
)
def test_a_start_past_99_hours_keeps_the_speaker_head(make_workspace, name, text):
    # A head line `**I1** (123:00:01)` that `quote` does not read as one would let the
    # team's words be quoted as the participant's.
    root = make_workspace()
    path = _transcript(root, name, text)
    assert "**I1** (123:00:01)\nTell me what happened.\n" in _body(path)
    with pytest.raises(WorkspaceError, match="the team's side"):
        quote_passage(root, path.stem, "Tell me what happened", [])
    done = quote_passage(root, path.stem, "Nothing at all", [])
    assert done.text == "Nothing at all"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lt.srt", "1\n00:00:01,000 --> 00:00:02,000\nJane Doe: We had <10 users and >5 admins.\n"),
        (
            "lt.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: We had <10 users and >5 admins.\n",
        ),
    ],
)
def test_angle_brackets_that_are_no_tag_are_what_was_said(make_workspace, name, text):
    root = make_workspace()
    path = _transcript(root, name, text, interviewers=[])
    assert "We had <10 users and >5 admins.\n" in _body(path)


def test_styling_tags_are_still_dropped(make_workspace):
    root = make_workspace()
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n"
        'Jane Doe: <font color="red">Red</font> <i>and</i> <b>bold</b>, 3 < 4.\n'
    )
    path = _transcript(root, "tags.srt", text, interviewers=[])
    assert "Red and bold, 3 < 4.\n" in _body(path)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        # A cue without its timing line: webvtt-py skips it, and its words were lost.
        (
            "untimed.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: one\n\n"
            "Jane Doe: these words\n\n00:00:03.000 --> 00:00:04.000\nJane Doe: three\n",
            6,
        ),
        (
            "arrow.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: one\n\n"
            "00:00:03.000 -> 00:00:04.000\nJane Doe: these words\n",
            6,
        ),
        # A SubRip block without its timing line: srt reads it into the cue before, its
        # number as words said.
        (
            "untimed.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nJane Doe: one\n\n2\nJane Doe: these words\n\n"
            "3\n00:00:05,000 --> 00:00:06,000\nJane Doe: three\n",
            5,
        ),
    ],
)
def test_a_cue_without_its_timing_is_one_line_with_its_line(make_workspace, name, text, line):
    assert_refused_at(make_workspace(), name, text, line)


def test_vtt_note_style_and_region_blocks_are_not_cues(make_workspace):
    root = make_workspace()
    text = (
        "WEBVTT\nKind: captions\n\nNOTE\nexported by a tool\n\nSTYLE\n::cue { color: red }\n\n"
        "REGION\nid:fred\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: Fine.\n"
    )
    path = _transcript(root, "blocks.vtt", text, interviewers=[])
    assert _body(path).endswith("\nFine.\n")


# -- highlights ------------------------------------------------------------------------


def test_a_note_id_never_shows_a_name_its_title_hides(make_workspace):
    # John's document is titled with Jane's name: the title had it replaced by her code,
    # the note id (the file name) kept it.
    root = make_workspace()
    export = (
        "Highlight,Document,Participant\n"
        "It was slow,Call with Jane Doe!,Jane Doe\n"
        "It was fine,Call with Jane Doe?,John Roe\n"
    )
    try:
        _highlights(root, export)
    except WorkspaceError as exc:
        assert "jane" not in str(exc).lower()
    for path in (root / "interviews").iterdir():
        assert "jane" not in path.name.lower()
        text = path.read_text(encoding="utf-8")
        assert "Jane" not in text and "jane" not in text


def test_a_title_naming_another_participant_gets_their_code(make_workspace):
    root = make_workspace()
    export = (
        "Highlight,Document,Participant\n"
        "It was slow,Call with Jane Doe,Jane Doe\n"
        "It was fine,Follow-up on Jane Doe,John Roe\n"
    )
    notes = _highlights(root, export)
    names = sorted(n.path.name for n in notes)
    assert names == ["call-with-p03.md", "follow-up-on-p03.md"]
    follow = (root / "interviews" / "follow-up-on-p03.md").read_text(encoding="utf-8")
    assert "participant: P04\n" in follow and "# Follow-up on P03\n" in follow
    assert [(n.added, n.created) for n in _highlights(root, export)] == [(0, False), (0, False)]


def test_control_characters_of_an_export_never_reach_the_note(make_workspace):
    root = make_workspace()
    export = (
        "Highlight,Document\n"
        '"We waited\x00 three\x1b[31m weeks\x07 for\x7f it",Doc\x1b]0;x\x07 one\n'
    )
    notes = _highlights(root, export)
    text = notes[0].path.read_text(encoding="utf-8")
    assert not [c for c in text if c != "\n" and unicodedata.category(c) == "Cc"]
    note = run_lint(root).session.workspace.notes[notes[0].path.stem]
    assert note.quotes["q1"].text == "We waited three [31m weeks for it"


@pytest.mark.parametrize(
    "said",
    [
        "- we never used it",
        "1. First we tried the import",
        "> the whole team said so",
        "= what it costs",
        "+ the seats on top",
        "*sigh* it is slow",
        "<b>bold</b> claims",
        "| a | table |",
    ],
)
def test_a_highlight_is_quoted_verbatim(make_workspace, said):
    # A highlight's words stand after `> ` in a quote, where no line start means
    # anything: a backslash made inert what needed no help, and became part of the quote.
    root = make_workspace()
    export = f'Highlight,Document\n"{said}",Doc\n'
    notes = _highlights(root, export)
    result = run_lint(root)
    note = result.session.workspace.notes[notes[0].path.stem]
    assert note.quotes["q1"].text == said
    assert [f for f in found(result) if f[0].startswith("interviews/doc") and f[2] != "PK204"] == []


def test_a_suppression_in_a_highlight_still_cannot_silence_a_rule(make_workspace):
    root = make_workspace()
    export = 'Highlight,Document\n"<!-- personakit: ignore[PK301] ok --> jane@example.com",Doc\n'
    _highlights(root, export)
    assert [p for p, _line, _code in found(run_lint(root), "PK301")] == ["interviews/doc.md"]


@pytest.mark.parametrize(
    "said", ["It ends like an anchor ^q7", "Two anchors ^q1 here ^q2", "^x at the start"]
)
def test_a_highlight_that_reads_as_an_anchor_is_one_line_with_its_row(make_workspace, said):
    root = make_workspace()
    export = f'Highlight,Document\nFine words,Doc\n"{said}",Doc\n'
    source = root.parent / "export.csv"
    source.write_text(export, encoding="utf-8")
    proc = pk("import", "highlights", str(source), cwd=root)
    if proc.returncode == 0:
        note = run_lint(root).session.workspace.notes["doc"]
        assert [q.text for q in note.quotes.values()] == ["Fine words", said]
    else:
        assert_one_line_error(proc, f"{source}:3: ")
        assert not (root / "interviews" / "doc.md").exists()


def test_a_note_imported_with_a_backslash_before_a_quote_is_not_grown_again(make_workspace):
    # Earlier imports wrote `> \- we never used it ^q1`; importing the export again
    # must find that highlight, not append it a second time.
    root = make_workspace()
    old = (
        "---\ndate: 2026-11-02\nkind: interview\nparticipant: P03\ntags: []\n"
        "consent: internal\n---\n\n# Doc\n\n> \\- we never used it ^q1\n"
    )
    path = root / "interviews" / "doc.md"
    path.write_text(old, encoding="utf-8")
    notes = _highlights(root, 'Highlight,Document\n"- we never used it",Doc\n')
    assert [(n.added, n.created) for n in notes] == [(0, False)]
    assert path.read_text(encoding="utf-8") == old


# -- a name in an earlier document's title -----------------------------------------------


def _no_name_in_notes(root: Path, *names: str) -> None:
    for path in (root / "interviews").iterdir():
        text = path.read_text(encoding="utf-8").lower()
        for name in names:
            assert name not in path.name.lower()
            assert name not in text, path.name


@pytest.mark.parametrize(
    "export",
    [
        # Jane's own rows come after the document that names her.
        "Highlight,Document,Participant\n"
        "It was fine,Follow-up on Jane Doe,John Roe\n"
        "It was slow,Call with Jane Doe,Jane Doe\n",
        # Each title names the other participant.
        "Highlight,Document,Participant\n"
        "It was fine,Call with John about Jane Doe,John Roe\n"
        "It was slow,Call with Jane about John Roe,Jane Doe\n",
    ],
)
def test_a_title_naming_a_later_participant_gets_their_code(make_workspace, tmp_path, export):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    notes = _highlights(root, export)
    _no_name_in_notes(root, "jane", "john", "doe", "roe")
    assert [(n.added, n.created) for n in notes] == [(1, True), (1, True)]
    # Found again without a names map (by their ids) and with one.
    assert [(n.added, n.created) for n in _highlights(root, export)] == [(0, False)] * 2
    again = _highlights(root, export, names_map=names_map)
    assert [(n.added, n.created) for n in again] == [(0, False)] * 2
    assert [(n.added, n.created) for n in _highlights(root, export, names_map=names_map)] == [
        (0, False)
    ] * 2


def test_the_same_document_imported_first_is_found_when_its_rows_come_later(make_workspace):
    root = make_workspace()
    first = "Highlight,Document,Participant\nIt was slow,Call with Jane Doe,Jane Doe\n"
    _highlights(root, first)
    grown = (
        "Highlight,Document,Participant\n"
        "It was fine,Follow-up on Jane Doe,John Roe\n"
        "It was slow,Call with Jane Doe,Jane Doe\n"
        "It was new,Call with Jane Doe,Jane Doe\n"
    )
    notes = _highlights(root, grown)
    assert sorted((n.path.name, n.added, n.created) for n in notes) == [
        ("call-with-p03.md", 1, False),
        ("follow-up-on-p03.md", 1, True),
    ]
    _no_name_in_notes(root, "jane", "john")


def test_a_refused_later_document_writes_nothing(make_workspace, tmp_path):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    export = (
        "Highlight,Document,Participant\n"
        "It was fine,Follow-up on Jane Doe,John Roe\n"
        "It was slow,Call with Jane Doe,Jane Doe\n"
        "It was odd,Call with Jane Doe,Ann Poe\n"
    )
    before = sorted(p.name for p in (root / "interviews").iterdir())
    with pytest.raises(WorkspaceError, match="participants"):
        _highlights(root, export, names_map=names_map)
    assert sorted(p.name for p in (root / "interviews").iterdir()) == before
    assert not names_map.exists()


# -- two people, one code ----------------------------------------------------------------


def _vtt(root: Path) -> Path:
    source = root.parent / "call.vtt"
    source.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: Hello John.\n", encoding="utf-8"
    )
    return source


@pytest.mark.parametrize("command", ["transcript", "highlights"])
def test_two_speakers_given_one_code_is_one_line(make_workspace, command):
    root = make_workspace()
    source = _vtt(root)
    if command == "highlights":
        source = root.parent / "export.csv"
        source.write_text("Highlight,Document,Participant\nFine,Doc,Jane Doe\n", encoding="utf-8")
    before = sorted(p.name for p in (root / "interviews").iterdir())
    speakers = ["--speaker", "Jane Doe=P05", "--speaker", "John Roe=P05"]
    proc = pk("import", command, str(source), *speakers, "--date", "2026-11-20", cwd=root)
    assert_one_line_error(proc, "P05", "Jane Doe", "John Roe")
    assert sorted(p.name for p in (root / "interviews").iterdir()) == before


def test_a_speaker_code_another_name_has_in_the_names_map_is_one_line(make_workspace, tmp_path):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    names_map.write_text("jane doe=P05\n", encoding="utf-8")
    before = sorted(p.name for p in (root / "interviews").iterdir())
    args = ["--names-map", str(names_map), "--speaker", "John Roe=P05", "--date", "2026-11-20"]
    proc = pk("import", "transcript", str(_vtt(root)), *args, cwd=root)
    assert_one_line_error(proc, "P05", "jane doe", "John Roe", str(names_map))
    assert sorted(p.name for p in (root / "interviews").iterdir()) == before
    assert names_map.read_text(encoding="utf-8") == "jane doe=P05\n"


def test_the_same_person_given_the_same_code_twice_is_fine(make_workspace, tmp_path):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    names_map.write_text("jane doe=P05\n", encoding="utf-8")
    speakers = ["Jane Doe=P05", "JANE  DOE=P05"]
    path = _transcript(
        root, "call.vtt", _vtt(root).read_text(), speakers=speakers, names_map=names_map,
        interviewers=[],
    )  # fmt: skip
    assert "participant: P05\n" in path.read_text(encoding="utf-8")


# -- names-map labels the file could misread ---------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["#Jane", "\\Jane", "!Jane", "&Jane", "*Jane", "-Jane", "?Jane", ":Jane", "'Jane", '"Jane',
     "%Jane", "@Jane", " Jane", "# Jane", "Jane=Doe", "Jane #1"],
)  # fmt: skip
def test_a_names_map_label_reads_back_as_written(make_workspace, tmp_path, name):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    export = f'Highlight,Document,Participant\nFine,Doc,"{name.replace(chr(34), 2 * chr(34))}"\n'
    first = _highlights(root, export, names_map=names_map)
    code = first[0].path.read_text(encoding="utf-8").split("participant: ")[1].split("\n")[0]
    from personakit.intake.names_map import read_names_map
    from personakit.intake.speakers import key

    assert read_names_map(names_map) == {key(name): code}
    assert read_names_map(names_map).written == {key(name): " ".join(name.split())}
    # Another document of the same person keeps the code, the map unchanged.
    text = names_map.read_text(encoding="utf-8")
    other = export.replace("Fine,Doc,", "Well,Other,")
    again = _highlights(root, other, names_map=names_map)
    assert f"participant: {code}\n" in again[0].path.read_text(encoding="utf-8")
    assert names_map.read_text(encoding="utf-8") == text


def test_titles_of_one_shape_naming_each_other_find_their_own_notes(make_workspace):
    # Every id and heading is "call-with-pNN-about-pMM": which note is whose is told by
    # each code being one person's and by the highlights the notes hold.
    root = make_workspace()
    names = ["Eve Ash", "Cid Bay", "Ivy Cole", "Dee Dunn"]
    rows = [
        f"Said {i} to {names[(i + 1) % 4]},Call with {n} about {names[(i + 1) % 4]},{n}"
        for i, n in enumerate(names)
    ]
    export = "Highlight,Document,Participant\n" + "\n".join(rows) + "\n"
    first = {n.path.name: n.path.read_text(encoding="utf-8") for n in _highlights(root, export)}
    _no_name_in_notes(root, "eve", "cid", "ivy", "dee")
    again = _highlights(root, export)
    assert [(n.path.name, n.added, n.created) for n in again] == [
        (name, 0, False) for name in first
    ]


# -- a name that is also a word ----------------------------------------------------------

# Participants whose first names are ordinary words, and what another participant said
# with those words in it: a quote must keep every one of them.
WORD_NAMES = ["Will Hart", "Mark Stone", "Bill Ode", "May Lin", "Grace Poe", "Rose Fay"]
WORDS_SAID = (
    "I will call them to mark the date; the bill may come with a grace period, as prices rose."
)
OLD_MAP = "".join(f"{n.lower()}=P{i}\n" for i, n in enumerate(WORD_NAMES, start=11))


def _call(root: Path, said: str, **options) -> Path:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSam Lee: Tell me.\n\n"
        f"00:00:03.000 --> 00:00:09.000\nAna Ruiz: {said}\n"
    )
    return _transcript(root, "later.vtt", text, **options)


@pytest.mark.parametrize("source", ["names map", "old names map", "--speaker"])
def test_a_mapped_name_that_is_also_a_word_leaves_the_word(make_workspace, tmp_path, source):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    speakers = [f"{n}=P{i}" for i, n in enumerate(WORD_NAMES, start=11)]
    options = {"speakers": speakers}
    if source == "old names map":  # as earlier versions wrote it: every name lowered
        names_map.write_text(OLD_MAP, encoding="utf-8")
        options = {"names_map": names_map}
    elif source == "names map":
        _highlights(root, "Highlight,Document,Participant\nFine,Doc,Ann Poe\n",
                    speakers=speakers, names_map=names_map)  # fmt: skip
        options = {"names_map": names_map}
    said = f"{WORDS_SAID} Will said so, HART agreed, and so did Rose and MAY."
    body = _body(_call(root, said, **options))
    assert f"{WORDS_SAID} P11 said so, P11 agreed, and so did P16 and P14." in body


@pytest.mark.parametrize("with_map", [False, True])
def test_a_name_that_is_also_a_word_stays_a_word_in_every_highlight(
    make_workspace, tmp_path, with_map
):
    root = make_workspace()
    rows = [f"It was fine,Call {i},{n}" for i, n in enumerate(WORD_NAMES)]
    export = (
        "Highlight,Document,Participant\n" + "\n".join(rows) + "\n"
        f'"{WORDS_SAID} Will agreed.",Call with Ana,Ana Ruiz\n'
        f'"Rose said {WORDS_SAID}",Call 5,Rose Fay\n'
    )
    options = {"names_map": tmp_path / "names.txt"} if with_map else {}
    if with_map:
        options["names_map"].write_text(OLD_MAP, encoding="utf-8")
    _highlights(root, export, **options)
    notes = {p.name: p.read_text(encoding="utf-8") for p in (root / "interviews").iterdir()}
    quotes = [line for t in notes.values() for line in t.splitlines() if "call them" in line]
    assert len(quotes) == 2 and all(WORDS_SAID in q for q in quotes)
    assert not [t for t in notes.values() if "Will" in t or "Rose" in t]
    _no_name_in_notes(root, "hart", "stone", "ode", "lin", "poe", "fay", "ana", "ruiz")
    # Importing it again finds every note and changes none of them.
    again = _highlights(root, export, **options)
    assert all((n.added, n.created) == (0, False) for n in again)
    assert {p.name: p.read_text(encoding="utf-8") for p in (root / "interviews").iterdir()} == notes


def _map_lines(tmp_path: Path) -> list[str]:
    text = (tmp_path / "names.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize(
    ("name", "said", "written"),
    [
        ("jörg weiß", "Weiß said it, JÖRG agreed", "P11 said it, P11 agreed"),
        ("åsa berg", "Åsa said it, ÅSA and BERG agreed", "P11 said it, P11 and P11 agreed"),
        ("mary-jane watson", "Mary-Jane said it, MARY-JANE agreed", "P11 said it, P11 agreed"),
        ("anna maria costa", "Anna Maria said it, Costa and MARIA agreed",
         "P11 P11 said it, P11 and P11 agreed"),
        ("will", "Will said it, WILL will agree", "P11 said it, P11 will agree"),
    ],
)  # fmt: skip
def test_a_lowered_names_map_name_is_found_in_title_case_and_capitals(
    make_workspace, tmp_path, name, said, written
):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    names_map.write_text(f"{name}=P11\n", encoding="utf-8")
    body = _body(_call(root, f"{said}; {name} is lower case.", names_map=names_map))
    assert f"{written}; {name} is lower case." in body


def test_a_names_map_keeps_names_as_written_and_learns_a_lowered_ones_spelling(
    make_workspace, tmp_path
):
    root = make_workspace()
    names_map = tmp_path / "names.txt"
    names_map.write_text("will hart=P11\nrose fay=P12\n", encoding="utf-8")
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Sam Lee>Hello Will.</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Will Hart>I will.</v>\n"
    )
    first = _transcript(root, "first.vtt", text, names_map=names_map, speakers=["Åsa Berg=P13"])
    assert "Hello P11.\n\n**P11** (00:00:03)\nI will.\n" in _body(first)
    lines = set(_map_lines(tmp_path))
    assert {"Will Hart=P11", "rose fay=P12", "Åsa Berg=P13", "Sam Lee=I1"} <= lines
    body = _body(_call(root, "Åsa will ask Will and Rose.", names_map=names_map))
    assert "P13 will ask P11 and P12." in body


@pytest.mark.parametrize(
    ("label", "said", "written"),
    [
        ("will hart", "Will, I will ask HART.", "P03, I will ask P03."),
        ("Ludwig van Beethoven", "Ludwig, the van broke; Van and VAN too.",
         "P03, the van broke; P03 and P03 too."),
    ],
)  # fmt: skip
def test_a_name_in_lower_case_in_the_file_is_not_the_word(make_workspace, label, said, written):
    root = make_workspace()
    text = (
        f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Sam Lee>{said}</v>\n\n"
        f"00:00:03.000 --> 00:00:04.000\n<v {label}>Yes.</v>\n"
    )
    assert f"\n{written}\n" in _body(_transcript(root, "lower.vtt", text))
