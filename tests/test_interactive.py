"""`personakit new` on a terminal: missing values are asked for, offering what the
workspace knows. Driven through a real pseudo-terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from tests.test_cli import pk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


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


@pytest.fixture
def root(tmp_path: Path) -> Path:
    assert pk("init", "ws", cwd=tmp_path).returncode == 0
    return tmp_path / "ws"


def test_new_interview_asks_and_offers_known_roles_and_tags(root: Path):
    child = spawn(root, "new", "interview")
    child.expect("Participant code or pseudonym")
    child.sendline("P42")
    child.expect(r"Their role .*known: admin")
    child.sendline("admin")
    child.expect(r"Kind of note .*interview.*churn-note")
    child.sendline("churn-note")
    child.expect(r"Date \(YYYY-MM-DD\)")
    child.sendline("2026-10-09")
    child.expect(r"Note-level tags .*known: empty-first-screen")
    child.sendline("renewal, seats")
    child.expect("Wrote interviews/2026-10-09-p42.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (root / "interviews" / "2026-10-09-p42.md").read_text()
    assert "participant: P42" in text and "role: admin" in text
    assert "kind: churn-note" in text and "tags: [renewal, seats]" in text


def test_new_persona_and_job_asked_for(root: Path):
    child = spawn(root, "new", "persona", "buyer")
    child.expect("What does the team call this persona")
    child.sendline("Bea, the budget holder")
    child.expect("Their role, in a sentence")
    child.sendline("Signs the renewal")
    child.expect("Priority")
    child.sendline("primary")
    child.expect("Buying influence")
    child.sendline("decision-maker")
    child.expect("Wrote personas/buyer.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn(root, "new", "job", "buyer", "--id", "justify")
    child.expect("When ...")
    child.sendline("the renewal is due")
    child.expect("I want ...")
    child.sendline("to see who used it")
    child.expect("so I can ...")
    child.sendline("justify the spend")
    child.expect("Added a job story to personas/buyer.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (root / "personas" / "buyer.yaml").read_text()
    assert "name: Bea, the budget holder" in text
    assert "  - id: justify\n    when: the renewal is due\n" in text


def test_a_required_answer_is_asked_again_when_empty(root: Path):
    child = spawn(root, "new", "journey", "renewal", "--step", "Review")
    child.expect("Journey title")
    child.sendline("")
    child.expect("Journey title")
    child.sendline("Up to the renewal")
    child.expect("Wrote journeys/renewal.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
