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


def test_paraphrase_is_a_misquote(make_workspace):
    result = _lint(make_workspace, "IT made us wait a week")
    assert found(result, "PK103") == [("personas/admin.yaml", 7, "PK103")]
    assert first(result, "PK103").message == '"IT made us wait a week" is not in a#q1'


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
