"""`personakit quote NOTE "passage"`: a verbatim passage becomes an anchored quote, and
nothing else in the note changes."""

from __future__ import annotations

import pytest

from personakit.errors import WorkspaceError
from personakit.quoting import quote_passage
from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

NOTE = """\
---
date: 2026-11-20
kind: interview
participant: P07
role: ops-admin
---
# Interview with P07

Some notes   with  odd   spacing,  kept as they are.

**I1** (00:00:01)
Thanks for joining.

**P07** (00:12:34)
We connected the CRM on Monday and then nobody
touched it until Thursday, because IT had to “approve” the scopes.
Then we gave up.

> Already a quote. #old ^q2

**I1** (00:12:50)
Then what happened with the scopes?
"""

# The exact bytes after quoting, line for line: only the paragraph that held the
# passage is split; the passage's lines get "> ", the last one the tags and anchor.
QUOTED = """\
---
date: 2026-11-20
kind: interview
participant: P07
role: ops-admin
---
# Interview with P07

Some notes   with  odd   spacing,  kept as they are.

**I1** (00:00:01)
Thanks for joining.

**P07** (00:12:34)
We connected the CRM on Monday and then

> nobody
> touched it until Thursday, because IT had to “approve” the scopes. #stalled #it ^q3

Then we gave up.

> Already a quote. #old ^q2

**I1** (00:12:50)
Then what happened with the scopes?
"""


def _workspace(make_workspace, text: str = NOTE, raw: bytes | None = None):
    root = make_workspace()
    path = root / "interviews" / "p07.md"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text, encoding="utf-8")
    return root, path


PASSAGE = 'Nobody touched it until thursday, because IT had to "approve" the   scopes.'


def test_every_other_byte_is_unchanged(make_workspace):
    root, path = _workspace(make_workspace)
    done = quote_passage(root, "p07", PASSAGE, ["stalled", "it"])
    assert (done.ref, done.line, done.changed) == ("p07#q3", 17, True)
    assert path.read_text(encoding="utf-8") == QUOTED


def test_crlf_and_bom_are_kept(make_workspace):
    raw = b"\xef\xbb\xbf" + NOTE.replace("\n", "\r\n").encode("utf-8")
    root, path = _workspace(make_workspace, raw=raw)
    quote_passage(root, "p07", PASSAGE, ["stalled", "it"])
    assert path.read_bytes() == b"\xef\xbb\xbf" + QUOTED.replace("\n", "\r\n").encode("utf-8")


def test_the_new_quote_lints_and_counts(make_workspace):
    root, _ = _workspace(make_workspace)
    quote_passage(root, "interviews/p07.md", PASSAGE, ["stalled"], anchor="scopes")
    result = run_lint(root)
    assert [f for f in found(result) if f[0] == "interviews/p07.md" and f[2] != "PK204"] == []
    note = result.session.workspace.notes["p07"]
    assert note.quotes["scopes"].tags == frozenset({"stalled"})
    assert note.quotes["scopes"].text.startswith("nobody touched it until Thursday")


def test_whole_paragraph_keeps_the_speaker_head(make_workspace):
    text = NOTE.replace("**I1** (00:12:50)", "**P07** (00:12:50)")
    root, path = _workspace(make_workspace, text)
    quote_passage(root, "p07", "Then what happened with the scopes?", [])
    assert path.read_text(encoding="utf-8").endswith(
        "**P07** (00:12:50)\n> Then what happened with the scopes? ^q3\n"
    )


def test_the_team_sides_words_are_never_made_a_quote(make_workspace):
    # A note's quotes are its participant's: lint would credit I1's question to P07.
    root, path = _workspace(make_workspace)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="I1, the team's side"):
        quote_passage(root, "p07", "Then what happened with the scopes?", [])
    with pytest.raises(WorkspaceError, match="I1, the team's side"):
        quote_passage(root, "p07", "Thanks for joining.", [])
    assert path.read_bytes() == before
    # Text above the first head is the note-taker's own prose, as before.
    quote_passage(root, "p07", "Some notes with odd spacing", [])


def test_never_across_two_speakers_or_a_head(make_workspace):
    root, path = _workspace(make_workspace)
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="not in the note"):
        quote_passage(root, "p07", "Thanks for joining. We connected the CRM", [])
    with pytest.raises(WorkspaceError, match="not in the note"):
        quote_passage(root, "p07", "(00:12:34) We connected", [])
    assert path.read_bytes() == before


def test_not_found_says_the_closest_passage_and_how_it_differs(make_workspace):
    root, _path = _workspace(make_workspace)
    with pytest.raises(WorkspaceError) as info:
        quote_passage(root, "p07", "nobody touched it until Friday", [])
    message = str(info.value)
    assert message.startswith(
        "interviews/p07.md: the passage is not in the note; closest passage (line 15)"
    )
    assert "[-Friday-]{+Thursday,+}" in message


def test_found_twice_names_both_places(make_workspace):
    root, _ = _workspace(make_workspace)
    with pytest.raises(
        WorkspaceError, match=r"stands 2 times \(lines 16, 22\): give a longer passage"
    ):
        quote_passage(root, "p07", "the scopes", [])


def test_already_inside_a_quote_returns_that_quote(make_workspace):
    root, path = _workspace(make_workspace)
    before = path.read_bytes()
    done = quote_passage(root, "p07", "already a QUOTE", [])
    assert (done.ref, done.changed) == ("p07#q2", False)
    assert path.read_bytes() == before


def test_passage_inside_a_word_is_not_a_match(make_workspace):
    root, _ = _workspace(make_workspace)
    with pytest.raises(WorkspaceError, match="not in the note"):
        quote_passage(root, "p07", "onnected the CRM", [])


def test_a_taken_anchor_and_a_bad_tag_are_refused(make_workspace):
    root, _path = _workspace(make_workspace)
    with pytest.raises(WorkspaceError, match="taken"):
        quote_passage(root, "p07", "Then we gave up.", [], anchor="q2")
    with pytest.raises(WorkspaceError, match="is not a tag"):
        quote_passage(root, "p07", "Then we gave up.", ["no spaces"])


def test_a_hash_word_in_the_passage_is_refused(make_workspace):
    root, path = _workspace(
        make_workspace, NOTE.replace("Then we gave up.", "Then we asked in #general.")
    )
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match="holds #general"):
        quote_passage(root, "p07", "Then we asked in #general.", [])
    assert path.read_bytes() == before


def test_code_fences_and_comments_are_not_prose(make_workspace):
    text = NOTE + "\n```\nfenced words here\n```\n<!--\ncommented words here\n-->\n"
    root, _ = _workspace(make_workspace, text)
    for passage in ("fenced words here", "commented words here"):
        with pytest.raises(WorkspaceError, match="not in the note"):
            quote_passage(root, "p07", passage, [])


def test_command_line(make_workspace):
    root, _ = _workspace(make_workspace)
    proc = pk("quote", "p07", "Then we gave up.", "--tag", "gave-up", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "Quoted interviews/p07.md:18 as p07#q3\nCite it in a claim:\n  quotes: [p07#q3]\n"
    )
    assert_one_line_error(pk("quote", "p7", "x", cwd=root), "no note 'p7'", "p07")
    assert_one_line_error(
        pk("quote", "p07", "not said at all, ever", cwd=root), "interviews/p07.md: "
    )
