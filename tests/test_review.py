"""`personakit review`: claim by claim on a terminal (accept, skip, quit), `--all` for
scripts, and one line (exit 2) rather than a wait when there is no terminal to ask on."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import found, run_lint
from tests.test_cli import assert_one_line_error, pk

TWO_CLAIMS = {
    "personas/admin.yaml": """\
        name: Olivia, the ops admin
        role: Sets up the tool
        priority: primary
        jobs:
          - id: connect-first
            when: the demo is booked
            want: one working integration
            so: show real data
            quotes: [a#q1]
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, b#q1]
            count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}
        """,
}


def _lock(root: Path) -> dict:
    return json.loads((root / "personakit.lock").read_text())["claims"]


def _edit_quote_b(root: Path) -> None:
    note = root / "interviews" / "b.md"
    note.write_text(note.read_text().replace("three days", "four days"))


def spawn(root: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "personakit", *args],
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@needs_pty
def test_review_asks_claim_by_claim_and_records_only_what_was_accepted(make_workspace):
    root = make_workspace(TWO_CLAIMS)
    child = spawn(root, "review")
    child.expect(r"\[1/2\] admin#connect-first \(never reviewed\)")
    child.expect(
        "When the demo is booked, I want one working integration, so I can show real data."
    )
    child.expect(r"a#q1 cited: “IT had to approve the scopes, so we waited until Thursday.” — P01")
    child.expect(r"\[a\]ccept, \[s\]kip, \[q\]uit")
    child.sendline("maybe")
    child.expect("Answer a \\(accept\\), s \\(skip\\) or q \\(quit\\)")
    child.sendline("s")
    child.expect(r"\[2/2\] admin#integration-stall \(never reviewed\)")
    child.expect("b#q1 cited: “Blocked for three days waiting on IT.” — P02")
    child.sendline("a")
    child.expect(r"Recorded 1 of 2 claim\(s\) as reviewed, in personakit.lock; 1 skipped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list(_lock(root)) == ["admin#integration-stall"]

    # Only the claim whose evidence changed is asked about, with what changed.
    _edit_quote_b(root)
    assert found(run_lint(root), "PK110")
    child = spawn(root, "review")
    child.expect(r"\[1/2\] admin#connect-first \(never reviewed\)")
    child.sendline("a")
    child.expect(r"\[2/2\] admin#integration-stall \(reviewed \d{4}-\d\d-\d\d\)")
    child.expect("b#q1 changed: “Blocked for four days waiting on IT.” — P02")
    child.sendline("a")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert sorted(_lock(root)) == ["admin#connect-first", "admin#integration-stall"]
    assert found(run_lint(root), "PK110") == []

    child = spawn(root, "review")
    child.expect("Nothing to review")
    child.expect(pexpect.EOF)


@needs_pty
def test_quit_keeps_what_was_accepted_before_it(make_workspace):
    root = make_workspace(TWO_CLAIMS)
    child = spawn(root, "review", "admin")
    child.expect(r"\[1/2\]")
    child.sendline("a")
    child.expect(r"\[2/2\]")
    child.sendline("q")
    child.expect(r"Recorded 1 of 2 claim\(s\) as reviewed, in personakit.lock; 1 not reached.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list(_lock(root)) == ["admin#connect-first"]


def test_without_a_terminal_review_says_so_instead_of_waiting(make_workspace):
    root = make_workspace(TWO_CLAIMS)
    proc = pk("review", cwd=root)  # stdin is not a terminal here
    assert_one_line_error(proc, "2 claim(s) to review", "no terminal", "--all")
    assert not (root / "personakit.lock").exists()


def test_all_signs_off_every_claim_without_asking(make_workspace):
    root = make_workspace(TWO_CLAIMS)
    proc = pk("review", "--all", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "Recorded the evidence of 2 claims of 1 personas" in proc.stdout
    assert sorted(_lock(root)) == ["admin#connect-first", "admin#integration-stall"]
    # Nothing pending: no terminal needed, nothing written.
    before = (root / "personakit.lock").read_bytes()
    proc = pk("review", cwd=root)
    assert proc.returncode == 0 and "Nothing to review" in proc.stdout
    assert (root / "personakit.lock").read_bytes() == before
