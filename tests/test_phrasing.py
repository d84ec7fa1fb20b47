"""How personakit words ids and job stories for readers: plurals that keep acronyms,
job stories that read as one sentence whatever the author typed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.phrasing import job_sentence, plural
from tests.conftest import BASE_FILES


@pytest.mark.parametrize(
    ("label", "names", "expected"),
    [
        ("ap-clerk", ["AP clerk"], "AP clerks"),
        ("ap-clerk", ["Anna, the AP clerk who pays suppliers"], "AP clerks"),
        ("ap-clerk", [], "AP clerks"),  # a known acronym, without any name to go by
        ("hr-partner", [], "HR partners"),
        ("ops-admin", ["Olivia, the ops admin"], "ops admins"),
        ("ops-admin", [], "ops admins"),
        ("support-ticket", [], "support tickets"),
        ("sales", [], "sales"),
        ("company-secretary", [], "company secretaries"),
        ("finance-boss", [], "finance bosses"),
        ("cfo", [], "CFOs"),
        ("sales-person", [], "sales people"),
        ("key-account-manager", ["KEY account manager"], "KEY account managers"),
    ],
)
def test_plural_keeps_acronyms_upper_case(label, names, expected):
    assert plural(label, names) == expected


@pytest.mark.parametrize(
    ("when", "want", "so", "expected"),
    [
        (
            "month end comes",
            "to reconcile the invoices",
            "close the books",
            "When month end comes, I want to reconcile the invoices, so I can close the books.",
        ),
        (
            "month end comes",
            "reconcile",
            "close",
            "When month end comes, I want to reconcile, so I can close.",
        ),
        # The bad inputs of the issue: "I want to to", "I want to one list".
        (
            "month end comes",
            "to to reconcile",
            "close",
            "When month end comes, I want to reconcile, so I can close.",
        ),
        (
            "month end comes",
            "To reconcile",
            "close",
            "When month end comes, I want to reconcile, so I can close.",
        ),
        (
            "month end comes",
            "I want to reconcile",
            "close",
            "When month end comes, I want to reconcile, so I can close.",
        ),
        (
            "month end comes",
            "one list of invoices",
            "close",
            "When month end comes, I want one list of invoices, so I can close.",
        ),
        (
            "month end comes",
            "a single list",
            "close",
            "When month end comes, I want a single list, so I can close.",
        ),
        # The lead words typed again are said once.
        (
            "When month end comes,",
            "reconcile",
            "so I can close.",
            "When month end comes, I want to reconcile, so I can close.",
        ),
        (
            "it breaks",
            "to know",
            "I don't lose a day",
            "When it breaks, I want to know, so I don't lose a day.",
        ),
        (
            "it breaks",
            "to know",
            "so that nobody waits",
            "When it breaks, I want to know, so that nobody waits.",
        ),
        (
            "it breaks",
            "to know",
            "the team keeps working",
            "When it breaks, I want to know, so the team keeps working.",
        ),
    ],
)
def test_job_sentence_reads_as_one_sentence(when, want, so, expected):
    assert job_sentence(when, want, so) == expected
    assert "to to" not in job_sentence(when, want, so)


AP_WORKSPACE = {
    # The base workspace's two notes, their participants AP clerks instead of ops admins.
    **{
        rel: BASE_FILES[rel].replace("role: ops-admin", "role: ap-clerk")
        for rel in ("interviews/a.md", "interviews/b.md")
    },
    "personas/admin.yaml": None,
    "decisions/split.md": None,
    "personas/ap-clerk.yaml": """\
        name: AP clerk
        role: Enters supplier invoices
        priority: primary
        jobs:
          - id: one-list
            when: month end comes
            want: one list of invoices
            so: close the books
            quotes: [a#q1, b#q1]
        stalls:
          - id: integration-stall
            text: Stops at the integration step for days
            step: onboarding/integration
            quotes: [a#q1, b#q1]
            count: {n: 2, of: 2, tag: stalled, among: {role: ap-clerk}}
        """,
}


def test_show_words_roles_and_job_stories(make_workspace):
    root = make_workspace(AP_WORKSPACE)
    result = CliRunner().invoke(
        app, ["--root", str(root), "show", "ap-clerk"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "[2 of 2 AP clerks]" in result.output
    assert "ap clerks" not in result.output
    assert "I want one list of invoices, so I can close the books." in result.output


def _pk(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "personakit", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_new_job_says_how_the_story_reads(make_workspace):
    root = make_workspace(AP_WORKSPACE)
    proc = _pk(
        root,
        "new",
        "job",
        "ap-clerk",
        "--when",
        "a supplier calls",
        "--want",
        "to to find the invoice",
        "--so",
        "I answer at once",
        "--no-input",
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        "  When a supplier calls, I want to find the invoice, so I answer at once.\n" in proc.stdout
    )


@pytest.mark.parametrize("participant", ["Jane Smith", "José Álvarez", "jane@example.com"])
def test_new_interview_warns_on_a_real_name_and_still_writes(make_workspace, participant):
    root = make_workspace()
    proc = _pk(root, "new", "interview", "--participant", participant, "--no-input")
    assert proc.returncode == 0, proc.stderr
    warnings = [
        line for line in proc.stderr.splitlines() if line.startswith("personakit: warning:")
    ]
    assert len(warnings) == 1 and "--participant" in warnings[0] and "P07" in warnings[0]
    assert proc.stdout.startswith("Wrote interviews/")


def test_new_interview_warns_on_a_name_listed_for_pk301(make_workspace):
    root = make_workspace({"personakit.yaml": "title: T\nrules:\n  PK301: {names: [Okonkwo]}\n"})
    proc = _pk(root, "new", "interview", "--participant", "okonkwo", "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert "the real name 'Okonkwo'" in proc.stderr


@pytest.mark.parametrize("participant", ["P07", "C-204", "A-fourthcoffee", "p07 follow-up"])
def test_new_interview_is_quiet_on_a_code(make_workspace, participant):
    root = make_workspace()
    proc = _pk(root, "new", "interview", "--participant", participant, "--no-input")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
