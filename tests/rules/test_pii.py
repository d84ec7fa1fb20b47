import pytest

from tests.conftest import first, found, run_lint

NOTE = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n> {text} #stalled ^q1\n"


@pytest.mark.parametrize(
    ("text", "what", "region"),
    [
        ("Write to olivia.m@northwind-logistics.com about it.", "e-mail", None),
        ("Write to jane@localhost about it.", "e-mail", None),
        ("Call me on +1 415 555 0134 when it ships.", "phone", None),
        ("Call me on (555) 123-4567 when it ships.", "phone", None),
        ("Call me on 555\u2013123\u20134567 when it ships.", "phone", None),
        ("Ring +49 (30) 123456 in Berlin.", "phone", None),
        ("Ring (020) 7946 0958 after lunch.", "phone", "GB"),
        ("Ask Margarethe, she set it up.", "real name", None),
    ],
)
def test_personal_data_in_a_quote(make_workspace, text, what, region):
    config = "title: T\nrules: {PK301: {names: [Margarethe]}}\n"
    if region:
        config += f"region: {region}\n"
    files = {"interviews/a.md": NOTE.format(text=text), "personakit.yaml": config}
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


def test_a_national_number_of_another_region_needs_the_region(make_workspace):
    text = "Ring (020) 7946 0958 after lunch."
    assert (
        found(run_lint(make_workspace({"interviews/a.md": NOTE.format(text=text)})), "PK301") == []
    )


def test_an_unknown_region_is_a_config_error(make_workspace):
    from tests.test_cli import assert_one_line_error, pk

    root = make_workspace({"personakit.yaml": "title: T\nregion: Atlantis\n"})
    assert_one_line_error(pk("lint", cwd=root), "personakit.yaml:2", "region")


def test_the_email_pattern_is_linear_on_a_megabyte():
    import time

    from personakit.personal_data import find, mask

    # CPU time of this process, not wall time: other jobs on a shared CI machine must
    # not fail it. A backtracking pattern took 27 s of CPU on a tenth of this input.
    for text in ("a" * 1_000_000, "a." * 500_000 + "@", ("x" * 50 + "@" + "y-" * 40 + ".") * 8000):
        start = time.process_time()
        find(text)
        mask(text)
        assert time.process_time() - start < 1.0


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("**P07** (00:00:05)\nWrite me at jane@example.org after the call.\n", 8, "e-mail"),
        ("**P07** (00:00:05)\nMargarethe said the same last week.\n", 8, "real name"),
    ],
)
def test_personal_data_left_in_a_notes_text(make_workspace, body, line, what):
    # What an import left behind (PK301 in a quote would only find it once quoted).
    config = "title: T\nrules: {PK301: {names: [Margarethe]}}\n"
    note = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P07\nrole: ops-admin\n---\n"
    files = {"interviews/a.md": note + body, "personakit.yaml": config}
    result = run_lint(make_workspace(files))
    assert found(result, "PK301") == [("interviews/a.md", line, "PK301")]
    assert what in first(result, "PK301").message and "text" in first(result, "PK301").message


def test_a_quote_is_reported_once_not_again_as_text(make_workspace):
    text = "Write to olivia.m@northwind-logistics.com about it."
    result = run_lint(make_workspace({"interviews/a.md": NOTE.format(text=text)}))
    assert found(result, "PK301") == [("interviews/a.md", 7, "PK301")]
    assert "quote ^q1" in first(result, "PK301").message


def test_quiet_on_a_notes_text_without_personal_data(make_workspace):
    body = "**P07** (00:00:05)\nWe wrote to the team on 2026-10-07 about ticket 48213.\n"
    note = "---\ndate: 2026-10-01\nkind: interview\nparticipant: P07\n---\n" + body
    assert found(run_lint(make_workspace({"interviews/a.md": note})), "PK301") == []


@pytest.mark.parametrize(
    "line", ["Ask Jane  Smith, she wrote it.", "Ask Jane\tSmith, she wrote it."]
)
def test_a_listed_full_name_is_found_however_it_is_spaced(make_workspace, line):
    config = "title: T\nrules: {PK301: {names: [Jane Smith]}}\n"
    note = NOTE.format(text="Fine.") + f"\n{line}\n"
    files = {"interviews/a.md": note, "personakit.yaml": config}
    result = run_lint(make_workspace(files))
    assert found(result, "PK301") == [("interviews/a.md", 9, "PK301")]
    assert "the real name 'Jane Smith'" in first(result, "PK301").message
