import pytest

from tests.conftest import first, found, run_lint

NOTE = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n> {text} #stalled ^q1\n"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Write to olivia.m@northwind-logistics.com about it.", "e-mail"),
        ("Call me on +1 415 555 0134 when it ships.", "phone"),
        ("Ring (020) 7946 0958 after lunch.", "phone"),
        ("Ask Margarethe, she set it up.", "real name"),
    ],
)
def test_personal_data_in_a_quote(make_workspace, text, what):
    files = {
        "interviews/a.md": NOTE.format(text=text),
        "personakit.yaml": "title: T\nrules: {PK301: {names: [Margarethe]}}\n",
    }
    result = run_lint(make_workspace(files))
    assert found(result, "PK301") == [("interviews/a.md", 7, "PK301")]
    assert what in first(result, "PK301").message


def test_cited_source_row(make_workspace):
    files = {
        "personakit.yaml": (
            "title: T\nsources:\n  tickets:\n    path: t.csv\n    columns: {id: id, text: body}\n"
        ),
        "t.csv": "id,body\nT-1,Reach me at ops@example.org\n",
        "personas/admin.yaml": (
            "name: O\nrole: R\npriority: primary\nanxieties:\n"
            "  - {text: Waits, quotes: [a#q1, tickets:T-1]}\n"
        ),
    }
    assert found(run_lint(make_workspace(files)), "PK301") == [("t.csv", 2, "PK301")]


@pytest.mark.parametrize(
    "text",
    ["We went live on 2026-10-07 with 1,250 rows.", "Ticket 48213 is still open.", "v2.10.3"],
)
def test_quiet_on_dates_numbers_and_versions(make_workspace, text):
    result = run_lint(make_workspace({"interviews/a.md": NOTE.format(text=text)}))
    assert found(result, "PK301") == []
