"""`personakit import transcript`: WebVTT, SRT and text transcripts as pseudonymised notes.

Each fixture is a transcript written for these tests in a shape real exports have:
Zoom's `Name: text` cues, Teams' `<v Name>` voice spans, SRT with and without
speakers, Otter's and Meet's text layouts.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.intake.importer import TranscriptOptions, import_transcripts
from personakit.intake.transcripts import TranscriptFormat
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

DAY = dt.date(2026, 11, 20)

# Zoom: the speaker inside the cue; a sentence across cues 2 and 3; a name in the text.
ZOOM_VTT = """\
WEBVTT

1
00:00:01.000 --> 00:00:04.000
Sam Lee: Thanks for joining, Jane.

2
00:12:34.000 --> 00:12:38.000 align:start position:10%
Jane Doe: We connected the CRM on Monday and then nobody

3
00:12:38.500 --> 00:12:42.000
Jane Doe: touched it until Thursday, because IT had to approve.

4
00:12:43.000 --> 00:12:45.000
Sam Lee: And Doe's team?
"""

# Teams / Stream: voice spans, two speakers in one cue, styling tags, entities, NOTE.
TEAMS_VTT = """\
WEBVTT
Kind: captions

NOTE exported by the meeting tool

00:00:01.000 --> 00:00:03.000
<v Sam Lee>How did the rollout go?</v>

00:00:03.500 --> 00:00:07.000
<v Jane Doe>Slowly. <i>Very</i> slowly &amp; <c.yellow>painfully</c>.</v>
<v Sam Lee>Why?</v>

00:00:07.500 --> 00:00:10.000
<v.loud Jane Doe>Because IT owns the scopes.</v>
"""

SRT_NAMED = """\
1
00:00:01,000 --> 00:00:03,000
Sam Lee: What happened next?

2
00:00:03,500 --> 00:00:06,000
Jane Doe: <i>We waited</i> for the
security review,

3
00:00:06,500 --> 00:00:08,000
Jane Doe: three weeks in all.
"""

SRT_ANONYMOUS = """\
1
00:00:01,000 --> 00:00:03,000
We waited for the security review

2
00:00:03,500 --> 00:00:06,000
{\\an8}for three weeks in all.
"""

OTTER_TXT = """\
Sam Lee  0:03
Tell me about the first week.

Jane Doe  0:09
The first week was all about the CRM.
Nobody could log in: the scopes were wrong.

Jane Doe  0:31
Jane Doe here again, still waiting.
"""

MEET_TXT = """\
[00:00:02] Sam Lee: Anything else?
[00:00:05] Jane Doe: The dashboard was empty
for days.
[00:00:09] Jane Doe: So I stopped showing it.
"""


def _import(root: Path, name: str, text: str | bytes, **options) -> Path:
    source = root.parent / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    options.setdefault("date", DAY)
    options.setdefault("interviewers", ["Sam Lee"])
    results = import_transcripts(root, [source], TranscriptOptions(**options))
    return results[0].path


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_zoom_vtt_merges_one_speakers_cues_and_replaces_names(make_workspace):
    root = make_workspace()
    path = _import(root, "call.vtt", ZOOM_VTT, speakers=["Jane Doe=P07"], role="ops-admin")
    assert path == root / "interviews" / "2026-11-20-p07.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "---\ndate: 2026-11-20\nkind: interview\nparticipant: P07\nrole: ops-admin\n"
        "tags: []\nconsent: internal\n---\n"
    )
    assert _body(path) == (
        "\n# Interview with P07\n\n"
        "**I1** (00:00:01)\nThanks for joining, P07.\n\n"
        "**P07** (00:12:34)\n"
        "We connected the CRM on Monday and then nobody\n"
        "touched it until Thursday, because IT had to approve.\n\n"
        "**I1** (00:12:43)\nAnd P07's team?\n"
    )
    assert "Jane" not in text and "Doe" not in text and "Sam" not in text


def test_bom_and_crlf_read_like_the_plain_file(make_workspace):
    root = make_workspace()
    plain = _import(root, "a.vtt", ZOOM_VTT, note_id="plain", speakers=["Jane Doe=P07"])
    crlf = _import(
        root,
        "b.vtt",
        "\ufeff" + ZOOM_VTT.replace("\n", "\r\n"),
        note_id="crlf",
        speakers=["Jane Doe=P07"],
    )
    assert _body(crlf) == _body(plain)
    assert b"\r" not in crlf.read_bytes()


def test_teams_voice_spans_two_speakers_in_one_cue(make_workspace):
    root = make_workspace()
    path = _import(root, "teams.vtt", TEAMS_VTT)
    assert _body(path) == (
        "\n# Interview with P03\n\n"
        "**I1** (00:00:01)\nHow did the rollout go?\n\n"
        "**P03** (00:00:03)\nSlowly. Very slowly & painfully.\n\n"
        "**I1** (00:00:03)\nWhy?\n\n"
        "**P03** (00:00:07)\nBecause IT owns the scopes.\n"
    )


def test_srt_with_names_and_without(make_workspace):
    root = make_workspace()
    named = _import(root, "named.srt", SRT_NAMED)
    assert "**P03** (00:00:03)\nWe waited for the\nsecurity review,\nthree weeks in all.\n" in (
        _body(named)
    )
    anonymous = _import(root, "anon.srt", SRT_ANONYMOUS, interviewers=[], note_id="anon")
    assert _body(anonymous).endswith(
        "**P04** (00:00:01)\nWe waited for the security review\nfor three weeks in all.\n"
    )


def test_otter_and_meet_text(make_workspace):
    root = make_workspace()
    otter = _import(root, "otter.txt", OTTER_TXT, speakers=["Jane Doe=P08"])
    assert _body(otter).endswith(
        "**P08** (00:00:09)\nThe first week was all about the CRM.\n"
        "Nobody could log in: the scopes were wrong.\nP08 here again, still waiting.\n"
    )
    meet = _import(root, "meet.txt", MEET_TXT, speakers=["Jane Doe=P09"])
    assert _body(meet).endswith(
        "**P09** (00:00:05)\nThe dashboard was empty\nfor days.\nSo I stopped showing it.\n"
    )


def test_format_detected_by_content_or_forced(make_workspace):
    root = make_workspace()
    # A WebVTT file named .txt is still read as WebVTT.
    path = _import(root, "call.txt", ZOOM_VTT)
    assert "**P03** (00:12:34)" in _body(path)
    with pytest.raises(WorkspaceError) as info:
        _import(root, "call2.vtt", ZOOM_VTT, fmt=TranscriptFormat.srt, note_id="x")
    assert info.value.line is not None


def test_unmapped_speakers_get_codes_above_the_workspaces(make_workspace):
    root = make_workspace()  # P01 and P02 are taken
    results = import_transcripts(
        root,
        [
            _write(root, "a.vtt", ZOOM_VTT),
            _write(root, "b.txt", MEET_TXT.replace("Jane Doe", "Ann Roe")),
        ],
        TranscriptOptions(date=DAY, interviewers=["Sam Lee"]),
    )
    assert [r.participant for r in results] == ["P03", "P04"]


def _write(root: Path, name: str, text: str) -> Path:
    path = root.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def test_names_map_is_written_outside_and_reused(make_workspace, tmp_path):
    root = make_workspace()
    names = tmp_path / "private" / "names.txt"
    names.parent.mkdir()
    _import(root, "a.vtt", ZOOM_VTT, names_map=names, interviewers=["Sam Lee"])
    saved = names.read_text(encoding="utf-8")
    assert "Jane Doe=P03" in saved and "Sam Lee=I1" in saved
    # A second call with Jane: she keeps her code, Sam stays the team's side.
    second = _import(
        root, "b.txt", MEET_TXT, names_map=names, interviewers=[], date=dt.date(2026, 11, 21)
    )
    assert second.name == "2026-11-21-p03.md"


def test_names_map_refused_inside_the_workspace_even_through_a_link(make_workspace, tmp_path):
    root = make_workspace()
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        _import(root, "a.vtt", ZOOM_VTT, names_map=root / "names.txt")
    link = tmp_path / "looks-outside"
    os.symlink(root / "interviews", link)
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        _import(root, "a.vtt", ZOOM_VTT, names_map=link / "names.txt")
    # A link in the workspace pointing out: the path as given is still in the workspace.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, root / "out-link")
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        _import(root, "a.vtt", ZOOM_VTT, names_map=root / "out-link" / "names.txt")
    assert not (root / "names.txt").exists() and not list(outside.iterdir())
    assert not list((root / "interviews").glob("2026-11-20-*"))


def test_never_overwrites(make_workspace):
    root = make_workspace()
    _import(root, "a.vtt", ZOOM_VTT, speakers=["Jane Doe=P07"])
    before = (root / "interviews" / "2026-11-20-p07.md").read_bytes()
    with pytest.raises(WorkspaceError, match="never overwrites"):
        _import(root, "a.vtt", ZOOM_VTT, speakers=["Jane Doe=P07"])
    assert (root / "interviews" / "2026-11-20-p07.md").read_bytes() == before


def test_two_participants_refused(make_workspace):
    root = make_workspace()
    with pytest.raises(WorkspaceError, match="2 speakers are not the team's side"):
        _import(root, "a.vtt", ZOOM_VTT, interviewers=[])


def test_hostile_text_stays_prose(make_workspace):
    root = make_workspace()
    hostile = (
        "Jane Doe: > We never said this. #stalled ^q1\n"
        "# Not a heading\n---\n```\n<!-- hides the rest\n"
        "and personakit: ignore[PK301] nothing to see\n"
    )
    path = _import(root, "h.txt", hostile, interviewers=[])
    body = _body(path)
    assert (
        "\\> We never said this. #stalled ^q1\n\\# Not a heading\n\\---\n\\```\n\\<!-- hides"
        in body
    )
    assert "ignore\\[PK301]" in body
    result = run_lint(root)
    assert [
        f for f in found(result) if f[0] == "interviews/2026-11-20-p03.md" and f[2] != "PK204"
    ] == []


def test_the_imported_note_lints_clean(make_workspace):
    root = make_workspace()
    _import(root, "a.vtt", ZOOM_VTT, role="team-member")
    result = run_lint(root)
    assert [f for f in found(result) if f[2] != "PK204"] == []
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "bad.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane: hi\n\n00:00:0x.000 --> 00:00:03.000\nJane: ho\n",
            6,
        ),
        ("bad.vtt", "WEBVT\n\n00:00:01.000 --> 00:00:02.000\nJane: hi\n", 1),
        (
            "bad.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nJane: hi\n\n2\n00:00:0x,000 --> 00:00:03,000\nJane: ho\n",
            6,
        ),
        ("bad.txt", "A title line\n\nJane Doe  0:03\nHello\n", 1),
        ("bad.txt", b"Jane Doe: caf\xe9\n", 1),
    ],
)
def test_a_file_that_does_not_parse_is_one_line_with_its_line(make_workspace, name, text, line):
    assert_refused_at(make_workspace(), name, text, line)


def assert_refused_at(root: Path, name: str, text: str | bytes, line: int) -> None:
    """Importing `text` as the transcript `name` is one line naming it and `line`, exit 2,
    and no note is written."""
    source = root.parent / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    proc = pk("import", "transcript", str(source), "--date", "2026-11-20", cwd=root)
    assert_one_line_error(proc, f"{source}:{line}: ")
    assert not list((root / "interviews").glob("2026-11-20-*"))


def test_command_line_writes_and_warns_about_an_email(make_workspace):
    root = make_workspace()
    source = root.parent / "call.vtt"
    source.write_text(
        ZOOM_VTT.replace("approve.", "approve, mail jane@example.com."), encoding="utf-8"
    )
    proc = pk(
        "import", "transcript", str(source), "--interviewer", "Sam Lee", "--speaker", "Jane Doe=P07",
        "--date", "2026-11-20", "--tag", "crm,onboarding", "--kind", "sales-call", cwd=root,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Wrote interviews/2026-11-20-p07.md" in proc.stdout
    assert "interviews/2026-11-20-p07.md:16: holds an e-mail address" in proc.stderr
    text = (root / "interviews" / "2026-11-20-p07.md").read_text(encoding="utf-8")
    assert "kind: sales-call\n" in text and "tags: [crm, onboarding]\n" in text


def test_date_from_the_files_mtime(make_workspace):
    root = make_workspace()
    source = _write(root, "call.vtt", ZOOM_VTT)
    stamp = dt.datetime(2026, 3, 4, 12, 0).timestamp()
    os.utime(source, (stamp, stamp))
    results = import_transcripts(root, [source], TranscriptOptions(interviewers=["Sam Lee"]))
    assert results[0].path.name == "2026-03-04-p03.md"


def test_a_fifo_is_refused_without_waiting(make_workspace):
    root = make_workspace()
    fifo = root.parent / "call.vtt"
    os.mkfifo(fifo)
    with pytest.raises(WorkspaceError, match="not a regular file"):
        import_transcripts(root, [fifo], TranscriptOptions(date=DAY))


def test_pk301_flags_a_remaining_email_once_quoted(make_workspace):
    from personakit.quoting import quote_passage

    root = make_workspace()
    text = ZOOM_VTT.replace(
        "because IT had to approve.",
        "because IT had to approve. Write to jane.doe@example.com about it?",
    )
    path = _import(root, "a.vtt", text, speakers=["Jane Doe=P07"])
    assert "jane.doe@example.com" in path.read_text(encoding="utf-8")  # not a speaker's name
    before = [f for f in run_lint(root).findings if f.code == "PK301"]
    assert [(f.path, "e-mail" in f.message) for f in before] == [(f"interviews/{path.name}", True)]
    quote_passage(root, path.stem, "Write to jane.doe@example.com about it?", [])
    pii = [f for f in run_lint(root).findings if f.code == "PK301"]
    assert [(f.path, f.message) for f in pii] == [
        (f"interviews/{path.name}", "quote ^q1 contains an e-mail address")
    ]


def test_a_name_two_speakers_share_is_masked_not_misattributed(make_workspace):
    root = make_workspace()
    text = (
        "Sam Lee: Jane, and you, Jane Roe?\n"
        "Jane Doe: Jane Roe was on leave.\n"
        "Jane Roe: Doe knows.\n"
    )
    path = _import(
        root, "three.txt", text, speakers=["Jane Doe=P07", "Jane Roe=I2"], interviewers=["Sam Lee"]
    )
    body = _body(path)
    assert "[name], and you, I2?" in body and "I2 was on leave." in body and "P07 knows." in body
    assert "Jane" not in body


def test_a_line_of_speech_ending_in_a_time_is_not_a_speaker(make_workspace):
    root = make_workspace()
    text = "Jane Doe  0:03\nThe call was moved to 10:30\nWe met at 10:30\n"
    path = _import(root, "otter.txt", text, interviewers=[])
    assert _body(path).endswith(
        "**P03** (00:00:03)\nThe call was moved to 10:30\nWe met at 10:30\n"
    )


def test_a_cue_without_a_speaker_goes_on_with_the_one_before(make_workspace):
    root = make_workspace()
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nSam Lee: And then?\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nJane Doe: We waited for the\n\n"
        "3\n00:00:06,500 --> 00:00:08,000\nsecurity review.\n"
    )
    path = _import(root, "changes.srt", text)
    assert _body(path).endswith("**P03** (00:00:03)\nWe waited for the\nsecurity review.\n")


def test_date_from_a_webvtt_header_and_a_private_names_map(make_workspace, tmp_path):
    root = make_workspace()
    source = _write(root, "call.vtt", ZOOM_VTT.replace("WEBVTT\n", "WEBVTT\nDate: 2026-05-06\n", 1))
    names = tmp_path / "names.txt"
    results = import_transcripts(
        root, [source], TranscriptOptions(interviewers=["Sam Lee"], names_map=names)
    )
    assert results[0].path.name == "2026-05-06-p03.md"
    assert names.stat().st_mode & 0o777 == 0o600


def test_speakers_labelled_in_capitals_are_replaced_as_prose_writes_them(make_workspace):
    root = make_workspace()
    caps = (
        "1\n00:00:01,000 --> 00:00:03,000\nSAM LEE: Thanks for joining, Jane. How is Doe Corp?\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nJANE DOE: Hi Sam, SAM knows it is slow.\n"
    )
    path = _import(root, "caps.srt", caps, speakers=["Jane Doe=P07"])
    body = _body(path)
    assert "Thanks for joining, P07. How is P07 Corp?" in body
    assert "Hi I1, I1 knows it is slow." in body
    assert not {"Sam", "SAM", "Jane", "Doe"} & set(body.replace(",", " ").split())


def test_a_names_map_keeps_a_name_as_the_text_spells_it(make_workspace, tmp_path):
    # Case-folded, `Weiß` was kept as `weiss`, and the next import left `Weiß` in.
    root = make_workspace()
    names = tmp_path / "names.txt"
    first = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Jörg Weiß>It was slow.</v>\n"
    _import(root, "a.vtt", first, names_map=names, interviewers=[])
    second = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sam Lee>Jörg Weiß told me, and Weiß agreed.</v>\n"
        "\n00:00:04.000 --> 00:00:06.000\n<v Ana Ruiz>Yes.</v>\n"
    )
    path = _import(root, "b.vtt", second, names_map=names, date=dt.date(2026, 11, 21))
    code = names.read_text(encoding="utf-8").split("Jörg Weiß=")[1].split()[0]
    assert "Weiß" not in path.read_text(encoding="utf-8")
    assert f"{code} told me, and {code} agreed." in _body(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "ent.txt",
            "Sam Lee: Go\nJane Doe: Open /report?id=7&region=eu&amp;x=1 &lt;b&gt; please\n",
        ),
        (
            "ent.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nSam Lee: Go\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\n"
            "Jane Doe: Open /report?id=7&region=eu&amp;x=1 &lt;b&gt; please\n",
        ),
    ],
)
def test_entities_are_kept_as_written_outside_webvtt(make_workspace, name, text):
    # Only WebVTT writes `&` as `&amp;`; elsewhere the text is what was said or typed.
    path = _import(make_workspace(), name, text)
    assert "Open /report?id=7&region=eu&amp;x=1 &lt;b&gt; please" in _body(path)


def test_a_new_names_map_is_never_readable_by_others(make_workspace, tmp_path, monkeypatch):
    # Private from its first byte, not made so once it holds the names.
    import personakit.fs as fs

    names = tmp_path / "names.txt"
    modes = {}
    real = os.replace

    def replace(src, dst):
        modes[str(dst)] = os.stat(src).st_mode & 0o777
        return real(src, dst)

    monkeypatch.setattr(fs.os, "replace", replace)
    old = os.umask(0o022)
    try:
        _import(make_workspace(), "a.vtt", ZOOM_VTT, names_map=names)
    finally:
        os.umask(old)
    assert modes[str(names)] == 0o600
