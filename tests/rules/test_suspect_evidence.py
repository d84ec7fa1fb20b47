"""PK110 suspect-evidence, with `personakit review` and `personakit.lock`."""

import json

from tests.conftest import first, found, run_lint
from tests.test_cli import assert_one_line_error, pk


def _edit_quote(root):
    note = root / "interviews" / "a.md"
    note.write_text(note.read_text().replace("so we waited", "so we waited a whole week"))


def test_edited_quote_makes_the_claim_suspect_until_reviewed_again(make_workspace):
    root = make_workspace()
    proc = pk("review", "--all", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Recorded the evidence of 1 claims" in proc.stdout
    assert found(run_lint(root), "PK110") == []
    _edit_quote(root)
    result = run_lint(root)
    assert found(result, "PK110") == [("personas/admin.yaml", 5, "PK110")]
    assert "a#q1 changed" in first(result, "PK110").message
    assert pk("review", "admin", "--all", cwd=root).returncode == 0
    assert found(run_lint(root), "PK110") == []


def test_note_facts_and_citation_changes_count_too(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    note = root / "interviews" / "b.md"
    note.write_text(note.read_text().replace("date: 2026-10-02", "date: 2026-10-09"))
    persona = root / "personas" / "admin.yaml"
    persona.write_text(persona.read_text().replace("quotes: [a#q1, b#q1]", "quotes: [b#q1]"))
    message = first(run_lint(root), "PK110").message
    assert "b#q1 changed" in message and "a#q1 removed" in message


def test_quiet_without_a_lock_and_on_unchanged_evidence(make_workspace):
    root = make_workspace()
    _edit_quote(root)
    assert found(run_lint(root), "PK110") == []  # never reviewed
    pk("review", "--all", cwd=root)
    persona = root / "personas" / "admin.yaml"
    persona.write_text("# a new comment moves every line\n" + persona.read_text())
    assert found(run_lint(root), "PK110") == []


def test_lock_is_sorted_stable_and_lint_never_writes_it(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    lock = root / "personakit.lock"
    first_bytes = lock.read_bytes()
    data = json.loads(first_bytes)
    assert list(data) == ["claims", "version"]
    assert list(data["claims"]) == ["admin#integration-stall"]
    entry = data["claims"]["admin#integration-stall"]
    assert sorted(entry["evidence"]) == ["a#q1", "b#q1"]
    pk("review", "--all", cwd=root)
    assert lock.read_bytes() == first_bytes  # same day, same evidence: same bytes
    pk("lint", cwd=root)
    assert lock.read_bytes() == first_bytes


def test_broken_lock_and_unknown_persona(make_workspace):
    root = make_workspace()
    (root / "personakit.lock").write_text("<<<<<<< HEAD\n")
    assert_one_line_error(pk("lint", cwd=root), "personakit.lock:1", "personakit review")
    (root / "personakit.lock").unlink()
    assert_one_line_error(pk("review", "ghost", "--all", cwd=root), "no persona 'ghost'")


def test_the_message_shows_the_changed_words_old_to_new(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    _edit_quote(root)
    finding = first(run_lint(root), "PK110")
    assert finding.message.endswith(
        "a#q1 changed: … scopes, so we waited {+a whole week+} until Thursday."
    )
    assert finding.details is not None
    change = finding.details["changed"]["a#q1"]["text"]
    assert change["old"] == "IT had to approve the scopes, so we waited until Thursday."
    assert (
        change["new"] == "IT had to approve the scopes, so we waited a whole week until Thursday."
    )


def test_changed_note_facts_say_old_and_new(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    note = root / "interviews" / "b.md"
    note.write_text(note.read_text().replace("date: 2026-10-02", "date: 2026-10-09"))
    assert "b#q1 changed: date 2026-10-02 -> 2026-10-09" in first(run_lint(root), "PK110").message


def test_lock_keeps_the_reviewed_text_and_version_1_locks_are_still_read(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    lock = root / "personakit.lock"
    data = json.loads(lock.read_text())
    assert data["version"] == 2
    entry = data["claims"]["admin#integration-stall"]
    assert entry["reviewed_evidence"]["b#q1"]["text"] == "Blocked for three days waiting on IT."
    # A lock written before the text was kept: hashes only, version 1.
    del entry["reviewed_evidence"]
    data["version"] = 1
    lock.write_text(json.dumps(data))
    assert found(run_lint(root), "PK110") == []
    _edit_quote(root)
    assert first(run_lint(root), "PK110").message.endswith("a#q1 changed")


def test_malformed_reviewed_evidence_is_one_line(make_workspace):
    root = make_workspace()
    pk("review", "--all", cwd=root)
    lock = root / "personakit.lock"
    data = json.loads(lock.read_text())
    data["claims"]["admin#integration-stall"]["reviewed_evidence"] = {"a#q1": ["text"]}
    lock.write_text(json.dumps(data))
    assert_one_line_error(pk("lint", cwd=root), "personakit.lock", "reviewed_evidence")
