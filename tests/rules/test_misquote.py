from tests.conftest import first, found, run_lint

PERSONA = """\
name: Olivia
role: Sets up
priority: primary
anxieties:
  - text: Waits for IT
    quotes:
      - {{ref: a#q1, text: "{text}"}}
      - b#q1
"""


def _lint(make_workspace, text: str):
    return run_lint(make_workspace({"personas/admin.yaml": PERSONA.format(text=text)}))


def test_paraphrase_is_a_misquote_and_the_quote_is_shown(make_workspace):
    result = _lint(make_workspace, "IT made us wait a week")
    assert found(result, "PK103") == [("personas/admin.yaml", 7, "PK103")]
    assert first(result, "PK103").message == (
        '"IT made us wait a week" is not in a#q1 "IT had to approve the scopes, so we waited '
        'until Thursday."; no passage of it is close'
    )
    assert first(result, "PK103").fix is None


def test_closest_passage_is_shown_as_a_word_diff(make_workspace):
    result = _lint(make_workspace, "so we waited until Tuesday")
    finding = first(result, "PK103")
    assert finding.message.endswith("closest passage: so we waited until [-Tuesday-]{+Thursday.+}")
    assert finding.details == {
        "quote": "IT had to approve the scopes, so we waited until Thursday.",
        "closest": "so we waited until Thursday.",
        "closest_in": "a#q1",
        "diff": [["=", "so we waited until"], ["-", "Tuesday"], ["+", "Thursday."]],
    }
    assert finding.fix is not None and not finding.fix.safe


def test_the_differing_words_are_never_cut_however_long(make_workspace):
    long_quote = " ".join(f"word{i}" for i in range(60))
    claimed = long_quote.replace("word30", "changed30").replace("word59", "changed59")
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                f"> {long_quote} #stalled ^q1\n"
            ),
            "personas/admin.yaml": PERSONA.format(text=claimed),
        }
    )
    message = first(run_lint(root), "PK103").message
    assert "[-changed30-]{+word30+}" in message and "[-changed59-]{+word59+}" in message
    assert "… word26 word27 word28 word29 [-changed30-]" in message  # unchanged runs shortened


def test_text_verbatim_in_another_quote_of_the_note_names_it(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                "> IT had to approve the scopes. #stalled ^q1\n\n"
                "> Blocked for three days waiting on IT. ^q2\n"
            ),
            "personas/admin.yaml": PERSONA.format(text="three days waiting on IT"),
        }
    )
    finding = first(run_lint(root), "PK103")
    assert finding.message.endswith("; found verbatim in a#q2")
    assert finding.details is not None and finding.details["found_verbatim_in"] == ["a#q2"]


def test_closest_passage_in_another_quote_when_the_anchor_is_wrong(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                "> IT had to approve the scopes. #stalled ^q1\n\n"
                "> Blocked for three days waiting on IT. ^q2\n"
            ),
            "personas/admin.yaml": PERSONA.format(text="Blocked for two days waiting on IT"),
        }
    )
    finding = first(run_lint(root), "PK103")
    assert finding.message.endswith(
        "; closest passage (in a#q2): Blocked for [-two-]{+three+} days waiting on IT"
    )
    assert finding.fix is None  # the text is not the cited quote's to take


def test_elided_words_must_stay_in_order(make_workspace):
    result = _lint(make_workspace, "until Thursday [...] IT had to approve")
    assert found(result, "PK103") == [("personas/admin.yaml", 7, "PK103")]


def test_quiet_on_verbatim_folded_and_elided_text(make_workspace):
    for text in [
        "IT had to approve the scopes, so we waited until Thursday",
        "it had  to APPROVE the scopes",  # case and whitespace fold
        "IT had to approve [...] until Thursday",
        "IT had to approve … Thursday",
    ]:
        assert found(_lint(make_workspace, text), "PK103") == [], text


def test_typographic_quotes_fold(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                "> I won\u2019t invite anyone. #stalled ^q1\n"
            ),
            "personas/admin.yaml": PERSONA.format(text="I won't invite anyone"),
        }
    )
    assert found(run_lint(root), "PK103") == []


def test_no_fix_when_another_quote_is_closer_than_the_cited_one(make_workspace):
    root = make_workspace(
        {
            "interviews/a.md": (
                "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
                "> So we waited until Thursday for IT. #stalled ^q1\n\n"
                "> So we waited until Friday for IT. ^q2\n"
            ),
            "personas/admin.yaml": PERSONA.format(text="we waited until Friday for the IT"),
        }
    )
    finding = first(run_lint(root), "PK103")
    assert "; closest passage (in a#q2): " in finding.message
    assert finding.fix is None  # the cited quote's own passage is not what was meant
