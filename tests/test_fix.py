"""`personakit lint --fix`, `--diff` and `--unsafe-fixes`: what is rewritten, what is
kept byte for byte, and what is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from personakit.fix.apply import fix_findings
from personakit.report.text import TextReporter
from tests.conftest import first, found, run_lint
from tests.test_cli import pk

PERSONA = """\
# The ops admin, as the research says
name: Olivia, the ops admin
role: Sets up the tool
priority: primary
reviewed: 2026-01-05   # the last read-through
stalls:
  - id: integration-stall
    text: Stops at the integration step for days
    step: onboarding/integration
    quotes: [a#q1, b#q1]
    count: {n: 5, of:  7, tag: stalled, among: {role: ops-admin}}   # from the Q3 round
anxieties:
  - text: Waits for IT
    quotes:
      - {ref: a#q1, text: "so we waited until Tuesday"}  # as she said it
      - b#q1
"""
FIXED_COUNT = PERSONA.replace("{n: 5, of:  7,", "{n: 2, of:  2,")
FIXED_BOTH = FIXED_COUNT.replace("until Tuesday", "until Thursday.")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _persona(root: Path) -> Path:
    return root / "personas" / "admin.yaml"


def test_fix_sets_counts_keeping_comments_and_layout(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    proc = pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    assert _persona(root).read_text() == FIXED_COUNT  # only the two numbers changed
    assert "Fixed 1 finding." in proc.stdout
    assert "personas/admin.yaml:11:12: fixed PK104 count-mismatch: count 5 of 7 -> 2 of 2\n" in (
        proc.stdout
    )
    assert "error PK104" not in proc.stdout
    assert "PK103" in proc.stdout  # unsafe: reported, not fixed
    assert "1 more fixable with --unsafe-fixes" in proc.stderr
    assert proc.returncode == 1  # from what remains


def test_unsafe_fixes_take_the_exact_passage(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    proc = pk("lint", "--fix", "--unsafe-fixes", "--as-of", "2026-11-24", cwd=root)
    assert _persona(root).read_text() == FIXED_BOTH
    assert "Fixed 2 findings." in proc.stdout
    assert proc.returncode == 0, proc.stdout
    assert found(run_lint(root), "PK103") == []


def test_lint_without_fix_is_read_only(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    pk("review", "--all", cwd=root)
    before = _files(root)
    for args in ([], ["--format", "json"], ["--format", "sarif"], ["--strict"]):
        proc = pk("lint", *args, cwd=root)
        assert proc.returncode == 1
    assert _files(root) == before
    assert "1 fixable with `personakit lint --fix` (1 more with `--unsafe-fixes`)." in (
        pk("lint", cwd=root).stdout
    )
    _persona(root).write_text(FIXED_COUNT)
    assert "1 fixable with `personakit lint --fix --unsafe-fixes` (check the result)." in (
        pk("lint", cwd=root).stdout
    )


def test_diff_previews_and_writes_nothing(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    before = _files(root)
    proc = pk("lint", "--diff", cwd=root)
    assert _files(root) == before
    assert proc.returncode == 1
    assert proc.stdout.startswith("--- a/personas/admin.yaml\n+++ b/personas/admin.yaml\n")
    assert "-    count: {n: 5, of:  7," in proc.stdout
    assert "+    count: {n: 2, of:  2," in proc.stdout
    assert "until Thursday" not in proc.stdout  # unsafe: not without --unsafe-fixes
    assert "Would fix 1 finding." in proc.stderr
    proc = pk("lint", "--fix", "--diff", "--unsafe-fixes", cwd=root)
    assert '+      - {ref: a#q1, text: "so we waited until Thursday."}' in proc.stdout
    assert _files(root) == before
    # nothing to fix: an empty diff, exit 0
    _persona(root).write_text(FIXED_BOTH)
    proc = pk("lint", "--diff", "--unsafe-fixes", cwd=root)
    assert (proc.returncode, proc.stdout) == (0, "")


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("crlf", PERSONA.replace("\n", "\r\n")),
        ("last line without its line ending", PERSONA.rstrip("\n")),
    ],
)
def test_the_diff_applies_to_what_fix_writes(make_workspace, tmp_path, name, persona):
    import subprocess
    import sys

    root = make_workspace({"personas/admin.yaml": ""})
    _persona(root).write_bytes(persona.encode())
    diff = subprocess.run(  # bytes: text mode would turn CRLF into LF
        [sys.executable, "-m", "personakit", "lint", "--diff", "--unsafe-fixes"],
        cwd=root,
        capture_output=True,
    ).stdout
    copy = tmp_path / "copy"
    (copy / "personas").mkdir(parents=True)
    (copy / "personas" / "admin.yaml").write_bytes(persona.encode())
    applied = subprocess.run(
        ["git", "apply", "--whitespace=nowarn", "-"], input=diff, cwd=copy, capture_output=True
    )
    assert applied.returncode == 0, applied.stderr
    pk("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert (copy / "personas" / "admin.yaml").read_bytes() == _persona(root).read_bytes(), name


def test_reviewed_dates_and_the_lock_are_never_touched(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    pk("review", "--all", cwd=root)
    lock = (root / "personakit.lock").read_bytes()
    pk("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert "reviewed: 2026-01-05   # the last read-through\n" in _persona(root).read_text()
    assert (root / "personakit.lock").read_bytes() == lock


def test_line_endings_bom_and_permissions_are_kept(make_workspace):
    root = make_workspace()
    path = _persona(root)
    path.write_bytes(b"\xef\xbb\xbf" + PERSONA.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    proc = pk("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED_BOTH.replace("\n", "\r\n").encode()
    assert path.stat().st_mode & 0o777 == 0o640


def test_json_summary_says_how_many_were_fixed(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    payload = json.loads(pk("lint", "--fix", "--format", "json", cwd=root).stdout)
    assert payload["summary"]["fixed"] == 1
    assert [f["code"] for f in payload["findings"]] == ["PK103"]
    plain = json.loads(pk("lint", "--format", "json", cwd=root).stdout)
    assert "fixed" not in plain["summary"]  # the report without --fix is as it was


def test_misquote_with_two_close_passages_is_not_fixed(make_workspace):
    note = (
        "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
        "> So we waited until Thursday, and then we waited until Friday. #stalled ^q1\n"
    )
    persona = PERSONA.replace("so we waited until Tuesday", "we waited until Monday")
    root = make_workspace({"interviews/a.md": note, "personas/admin.yaml": persona})
    result = run_lint(root)
    assert first(result, "PK103").fix is None
    assert "closest passage" in first(result, "PK103").message


def test_misquote_citing_the_wrong_anchor_is_fixed_to_the_right_one(make_workspace):
    note = (
        "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
        "> IT had to approve the scopes. #stalled ^q1\n\n"
        "> So we waited until Thursday. ^q2\n"
    )
    persona = PERSONA.replace("so we waited until Tuesday", "we waited until Thursday")
    root = make_workspace({"interviews/a.md": note, "personas/admin.yaml": persona})
    assert first(run_lint(root), "PK103").message.endswith("found verbatim in a#q2")
    pk("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert '{ref: a#q2, text: "we waited until Thursday"}' in _persona(root).read_text()
    assert found(run_lint(root), "PK103") == []


def test_a_linked_persona_is_not_written_through(make_workspace):
    root = make_workspace({"shared/admin.yaml": PERSONA, "personas/admin.yaml": None})
    _persona(root).parent.mkdir()
    os.symlink(root / "shared" / "admin.yaml", _persona(root))
    assert found(run_lint(root), "PK104")  # lint reads it through the link
    proc = pk("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert (root / "shared" / "admin.yaml").read_text() == PERSONA
    assert _persona(root).is_symlink()
    assert "personas/admin.yaml: is a symbolic link" in proc.stderr
    assert "not fixed" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.returncode == 1  # the findings are still there


def test_a_file_changed_between_lint_and_fix_is_left_alone(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    result = run_lint(root)
    edited = PERSONA.replace("# The ops admin", "# Someone else's edit: the ops admin")
    _persona(root).write_text(edited)
    outcome = fix_findings(result, unsafe=True)
    assert outcome.files == []
    assert outcome.refused == [
        "personas/admin.yaml: changed since lint read it; run lint again; not fixed"
    ]
    assert _persona(root).read_text() == edited


def test_a_read_only_file_is_refused_in_one_line(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    _persona(root).chmod(0o444)
    proc = pk("lint", "--fix", cwd=root)
    assert _persona(root).read_text() == PERSONA
    assert "personas/admin.yaml: is read-only; left as it is; not fixed" in proc.stderr
    assert proc.returncode == 1 and "Fixed" not in proc.stdout


def test_an_edit_that_would_change_more_than_its_value_is_refused():
    from personakit.errors import WorkspaceError
    from personakit.fix.apply import _apply, _verify
    from personakit.fix.edits import Edit

    text = "a: {n: 5, of: 7}  # n\nb: 1\n"
    good = Edit(("a", "n"), (1, 8), (1, 9), 2, "2")
    assert _apply(text, [good]) == "a: {n: 2, of: 7}  # n\nb: 1\n"
    _verify("x.yaml", text, _apply(text, [good]), [good])
    # text that would also end the mapping early: refused, not written
    bad = Edit(("a", "n"), (1, 8), (1, 9), 2, "2}\nc: {d: 1")
    with pytest.raises(WorkspaceError, match="would change more than the fixed values"):
        _verify("x.yaml", text, _apply(text, [bad]), [bad])


def test_a_count_of_zero_is_never_written(make_workspace):
    persona = PERSONA.replace("among: {role: ops-admin}", "among: {role: nobody}")
    root = make_workspace({"personas/admin.yaml": persona})
    assert first(run_lint(root), "PK104").fix is None


def test_colour_marks_the_diff_and_plain_text_uses_brackets(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    result = run_lint(root)
    plain = TextReporter(color=False).render(result)
    assert "so we waited until [-Tuesday-]{+Thursday.+}" in plain
    coloured = TextReporter(color=True).render(result)
    assert "\x1b[9;31mTuesday\x1b[0m\x1b[4;32mThursday.\x1b[0m" in coloured
    assert "[-Tuesday-]" not in coloured


def test_rules_say_which_are_fixable():
    assert "Fixable: `personakit lint --fix`." in pk("rules", "PK104").stdout
    assert "Fixable, unsafe" in pk("rules", "PK103").stdout
    assert "Fixable" not in pk("rules", "PK101").stdout


def test_data_drift_fix_sets_the_data_count_and_keeps_as_of(make_workspace):
    from tests.test_segments import ACCOUNTS, CONFIG, REQUESTS, USERS, persona

    # of the enterprise users U1-U3, U1 (1 day) and U3 (0 days) were active at most 2 days
    claim = (
        "anxieties:\n  - text: Barely uses it  # from the Q3 numbers\n"
        "    count: {n: 3, of: 9, segment: admin, where: {users.active_days_28: {max: 2}},"
        " as_of: 2026-11-24}\n"
    )
    text = persona("accounts.tier: enterprise") + claim
    root = make_workspace(
        {
            "personakit.yaml": CONFIG,
            "data/accounts.csv": ACCOUNTS,
            "data/users.csv": USERS,
            "data/requests.csv": REQUESTS,
            "personas/admin.yaml": text,
        }
    )
    assert first(run_lint(root), "PK403").fix.safe
    proc = pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    assert "Fixed 1 finding." in proc.stdout, proc.stdout + proc.stderr
    assert _persona(root).read_text() == text.replace("{n: 3, of: 9,", "{n: 2, of: 3,")
    assert found(run_lint(root), "PK403") == []


def test_fix_and_diff_outputs_are_golden(make_workspace, golden):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    golden("fix-preview.diff", pk("lint", "--diff", "--unsafe-fixes", cwd=root).stdout)
    proc = pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    golden("fix-remaining.txt", proc.stdout)


def test_unsafe_fixes_alone_is_a_usage_error(make_workspace):
    from tests.test_cli import assert_one_line_error

    root = make_workspace({"personas/admin.yaml": PERSONA})
    assert_one_line_error(pk("lint", "--unsafe-fixes", cwd=root), "--unsafe-fixes", "--fix")
    assert _persona(root).read_text() == PERSONA


def test_a_fifo_put_in_place_of_the_file_is_refused(make_workspace):
    root = make_workspace({"personas/admin.yaml": PERSONA})
    result = run_lint(root)
    _persona(root).unlink()
    os.mkfifo(_persona(root))
    outcome = fix_findings(result, unsafe=True)  # returns: the FIFO is never opened blocking
    assert outcome.files == []
    assert outcome.refused == [
        "personas/admin.yaml: is not a regular file; left as it is; not fixed"
    ]


@pytest.mark.parametrize(
    "quote",
    [
        'She said "no" to the C:\\\\temp path twice, and meant it',
        "Ünïcödé quotes \u2019like this\u2019 and a tab\tinside, twice, and meant it",
        "Escape \x1b[31m red \x1b[0m codes, twice, and meant it",
    ],
)
def test_passages_with_quotes_backslashes_and_controls_are_written_exactly(
    make_workspace, quote: str
):
    note = (
        "---\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n"
        f"> {quote} #stalled ^q1\n"
    )
    words = " ".join(quote.split())
    claimed = words.replace("twice", "thrice")
    persona = PERSONA.replace(
        '{ref: a#q1, text: "so we waited until Tuesday"}',
        "{ref: a#q1, text: " + json.dumps(claimed) + "}",
    )
    root = make_workspace({"interviews/a.md": note, "personas/admin.yaml": persona})
    result = run_lint(root)
    assert first(result, "PK103").fix is not None
    preview = pk("lint", "--diff", "--unsafe-fixes", cwd=root)
    assert "+      - {ref: a#q1, text:" in preview.stdout
    assert "\x1b" not in preview.stdout + preview.stderr  # shown escaped, never raw
    outcome = fix_findings(result, unsafe=True)
    assert not outcome.refused
    assert found(run_lint(root), "PK103") == []


@pytest.mark.parametrize("props", ["&stated ", "!!int ", "&stated !!int ", "&stated\n      "])
def test_a_fix_keeps_the_values_anchor_and_tag(make_workspace, props):
    persona = PERSONA.replace("{n: 5, of:  7,", "{n: " + props.replace("\n", "\n") + "5, of:  7,")
    if "\n" in props:  # the value on the next line: block style, so write the count so
        persona = PERSONA.replace(
            "    count: {n: 5, of:  7, tag: stalled, among: {role: ops-admin}}   # from the Q3 round",
            "    count:\n      n: &stated\n        5\n      of: 7\n      tag: stalled\n"
            "      among: {role: ops-admin}",
        )
    root = make_workspace({"personas/admin.yaml": persona})
    proc = pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    assert "fixed PK104" in proc.stdout, proc.stdout + proc.stderr
    written = _persona(root).read_text()
    if "\n" in props:
        assert "      n: &stated\n        2\n      of: 2\n" in written
    else:
        assert "{n: " + props + "2, of:  2," in written


def test_a_count_whose_of_is_an_alias_of_n_changes_only_where_both_can_hold(make_workspace):
    # 5 of 5 recomputes as 2 of 2: one anchored value holds both.
    persona = PERSONA.replace("{n: 5, of:  7,", "{n: &both 5, of: *both,")
    root = make_workspace({"personas/admin.yaml": persona})
    pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    assert _persona(root).read_text() == persona.replace("&both 5", "&both 2")
    # 5 of 7 written with `of` an alias of another anchored 7 would need two values in
    # one place: refused, the file left as it was.
    persona = PERSONA.replace("{n: 5, of:  7,", "{n: &five 5, of: *five,").replace(
        "  - text: Waits for IT", "  - text: Waits for IT\n    note: *five"
    )
    root = make_workspace({"personas/admin.yaml": persona})
    proc = pk("lint", "--fix", "--as-of", "2026-11-24", cwd=root)
    assert _persona(root).read_text() == persona
    assert "not fixed" in proc.stderr, proc.stderr
