"""PK004 malformed-quote: a blockquote that looks like a quote but is not a proper one."""

from __future__ import annotations

import pytest

from tests.conftest import found, run_lint

FRONT = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
# The body starts on line 7 of the note.


def _lint_note(make_workspace, body: str):
    root = make_workspace({"interviews/a.md": FRONT + body})
    return run_lint(root)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # the anchor is followed by a tag
        (
            "> IT had to approve the scopes. ^q1 #stalled\n",
            7,
            "anchor ^q1 is followed by #stalled: move the tag before ^q1",
        ),
        # the anchor is not on the last line
        (
            "> IT had to approve the scopes ^q1\n> so we waited. #stalled\n",
            7,
            "anchor ^q1 is not on the blockquote's last line: move it to the end of line 8",
        ),
        # two anchors in one blockquote
        (
            "> IT had to approve the scopes ^q1\n> so we waited. #stalled ^q2\n",
            7,
            "two anchors, ^q1 and ^q2 (line 8)",
        ),
        # characters an anchor cannot have
        (
            "> IT had to approve the scopes. #stalled ^q.1\n",
            7,
            "^q.1 is not an anchor: use letters, digits, '-' and '_'",
        ),
        # inside a note with fenced code, read line by line
        (
            "```\n> not a quote ^x #y\n```\n\n> IT had to approve the scopes. ^q1 #stalled\n",
            11,
            "anchor ^q1 is followed by #stalled",
        ),
    ],
)
def test_malformed_quote_is_reported_at_its_line(make_workspace, body, line, words):
    result = _lint_note(make_workspace, body)
    assert found(result, "PK004") == [("interviews/a.md", line, "PK004")]
    finding = next(f for f in result.findings if f.code == "PK004")
    assert words in finding.message
    assert finding.severity.value == "error"


def test_a_citation_of_the_anchor_meant_is_not_also_unknown(make_workspace):
    """One mistake, one finding: `a#q1` waits for the quote to be fixed (no PK102)."""
    result = _lint_note(make_workspace, "> IT had to approve the scopes. ^q1 #stalled\n")
    codes = {code for _path, _line, code in found(result)}
    assert "PK004" in codes
    assert "PK102" not in codes


@pytest.mark.parametrize(
    "body",
    [
        "> IT had to approve the scopes, so we waited\n> until Thursday. #stalled ^q1\n",
        "> An ordinary blockquote, no anchor.\n> Across two lines.\n",
        "> Press ^C to stop it; 2^10 rows is the limit. #stalled ^q1\n",
        "> It grew as 2^10\n",
        "> First quote. #stalled ^q1\n\n> Second quote, its own blockquote. ^q2\n",
        "```\n> ^q1 #tag in code is no quote\n```\n> IT had to approve the scopes. #stalled ^q1\n",
    ],
)
def test_valid_quotes_and_plain_blockquotes_stay_quiet(make_workspace, body):
    assert found(_lint_note(make_workspace, body), "PK004") == []


def test_a_suppression_silences_it(make_workspace):
    body = (
        "<!-- personakit: ignore[PK004] an example of a broken anchor for the team -->\n"
        "> IT had to approve the scopes. ^q1 #stalled\n"
    )
    assert found(_lint_note(make_workspace, body), "PK004") == []
