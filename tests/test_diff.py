"""`personakit diff` and `lint --changed-since` in a real git repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import assert_one_line_error, pk


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(make_workspace) -> Path:
    root = make_workspace(
        {
            "interviews/c.md": (
                "---\nid: c\ndate: 2026-10-03\nkind: interview\nparticipant: P03\nrole: ops-admin\n---\n"
                "> We lost a week to the security review. #stalled ^q1\n"
            ),
            "interviews/d.md": (
                "---\nid: d\ndate: 2026-10-04\nkind: churn-note\nparticipant: P04\nrole: ops-admin\n---\n"
                "> Nobody set it up, so nobody used it. ^q1\n"
            ),
            "personas/admin.yaml": (
                "name: Olivia, the ops admin\nrole: Sets up the tool\npriority: primary\n"
                "anxieties:\n  - id: empty-screen\n    text: Fears an empty first screen\n"
                "    quotes: [a#q1, b#q1]\n"
                "stalls:\n  - id: integration-stall\n    text: Stops at the integration step for days\n"
                "    step: onboarding/integration\n    quotes: [a#q1, b#q1]\n"
                "    count: {n: 2, of: 3, tag: stalled, among: {role: ops-admin}}\n"
            ),
        }
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "dev@personakit.invalid")
    git(root, "config", "user.name", "Dev")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def _change(root: Path) -> None:
    persona = root / "personas" / "admin.yaml"
    text = persona.read_text()
    text = text.replace(
        "Fears an empty first screen", "Fears the team judges it by an empty first screen"
    )
    text = text.replace(
        "    quotes: [a#q1, b#q1]\n    count: {n: 2, of: 3,",
        "    quotes: [a#q1, b#q1, c#q1]\n    count: {n: 3, of: 4,",
    )
    text += "motivations:\n  - id: objective\n    text: Wants the rollout in her objectives\n    quotes: [a#q1]\n"
    persona.write_text(text)
    (root / "interviews" / "e.md").write_text(
        "---\nid: e\ndate: 2026-10-05\nkind: interview\nparticipant: P05\nrole: ops-admin\n---\n"
        "> Waiting on IT again. #stalled ^q1\n"
    )


def test_diff_names_changed_claims_counts_evidence_and_findings(repo: Path):
    _change(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    proc = pk("diff", "HEAD~1", "HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "## Persona changes: `HEAD~1` → `HEAD`" in out
    assert "### Persona: Olivia, the ops admin (`admin`)" in out
    assert "- **Added** motivations `admin#objective`: Wants the rollout in her objectives" in out
    assert (
        "- **Reworded** `admin#empty-screen`: “Fears an empty first screen” → “Fears the team judges it by an empty first screen”"
        in out
    )
    assert "- **Count** of `admin#integration-stall`: 2 of 3 → 3 of 4" in out
    assert "- **Evidence** of `admin#integration-stall`: added `c#q1`" in out
    assert "- **Evidence strength** of `admin#integration-stall`: 3 → 4 voices" in out
    assert (
        "❌ introduced: `personas/admin.yaml:" in out and "PK107 single-voice" in out
    )  # one-voice motivation
    data = json.loads(pk("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo).stdout)
    admin = data["personas"][0]
    assert admin["counts"] == [
        {"claim": "admin#integration-stall", "before": "2 of 3", "after": "3 of 4"}
    ]


def test_default_base_is_the_merge_base_and_head_the_working_tree(repo: Path):
    git(repo, "checkout", "-q", "-b", "feature")
    _change(repo)  # uncommitted: the working tree
    status_before = git(repo, "status", "--porcelain")
    proc = pk("diff", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "merge base with main" in proc.stdout and "`working tree`" in proc.stdout
    assert "2 of 3 → 3 of 4" in proc.stdout
    assert git(repo, "status", "--porcelain") == status_before  # nothing touched


def test_changed_since_reports_changed_files_and_claims_on_changed_notes(repo: Path):
    git(repo, "checkout", "-q", "-b", "feature")
    # A note changes so that a quote an unchanged persona cites disappears...
    note = repo / "interviews" / "b.md"
    note.write_text(note.read_text().replace("^q1", "^q9"))
    # ...and an unchanged note would report on its own if everything were linted.
    proc = pk("lint", "--changed-since", "main", "--format", "json", cwd=repo)
    findings = json.loads(proc.stdout)["findings"]
    paths = {(f["path"], f["code"]) for f in findings}
    assert (
        "personas/admin.yaml",
        "PK102",
    ) in paths  # the claim citing b#q1, though admin.yaml did not change
    assert {p for p, _ in paths} <= {"personas/admin.yaml", "interviews/b.md"}
    assert ("interviews/d.md", "PK204") not in paths  # unchanged: not reported
    full = json.loads(pk("lint", "--format", "json", cwd=repo).stdout)["findings"]
    assert ("interviews/d.md", "PK204") in {(f["path"], f["code"]) for f in full}


def test_git_errors_are_one_line(repo: Path, tmp_path: Path):
    assert_one_line_error(pk("diff", "no-such-ref", cwd=repo), "no revision 'no-such-ref'")
    assert_one_line_error(pk("lint", "--changed-since", "nope", cwd=repo), "no revision 'nope'")


def _files(root: Path) -> set[Path]:
    return {p for p in root.parent.rglob("*")}


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--", "--output=pwned.txt"),
        ("diff", "--", "HEAD", "--output=pwned.txt"),
        ("lint", "--changed-since=--output=pwned.txt"),
        ("diff", "--", "-Opwned.txt"),
    ],
)
def test_a_revision_is_never_an_option(repo: Path, args: tuple[str, ...]):
    before = _files(repo)
    proc = pk(*args, cwd=repo)
    assert_one_line_error(proc, "no revision")
    assert not (repo / "pwned.txt").exists()
    assert _files(repo) == before  # nothing written anywhere


def test_committed_symlink_is_refused_not_followed(repo: Path, tmp_path: Path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: leaked\nrole: outside the repository\npriority: primary\n")
    (repo / "personas" / "x.yaml").symlink_to(secret)
    (repo / "personas" / "passwd.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    before = _files(repo)
    proc = pk("diff", "HEAD~1", "HEAD", cwd=repo)
    assert_one_line_error(proc, "at HEAD:", "is a symbolic link")
    assert "leaked" not in proc.stdout + proc.stderr
    assert _files(repo) == before


def test_hostile_and_broken_revisions(repo: Path):
    persona = repo / "personas" / "admin.yaml"
    persona.write_bytes(b"name: \xff\xfe broken\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "latin-1")
    assert_one_line_error(pk("diff", "HEAD~1", "HEAD", cwd=repo), "at HEAD", "personas/admin.yaml")
    persona.write_text("name: [broken\n")
    # YAML's own escapes make a terminal escape sequence and a C1 CSI in a valid name.
    (repo / "personas" / "evil.yaml").write_text(
        'name: "Eve \\e[2J\\e]8;;file:///etc/passwd\\a\\x9b31m [bold red]x[/]"\n'
        "role: R\npriority: primary\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hostile")
    for fmt in ("md", "json"):
        proc = pk("diff", "HEAD~2", "HEAD", "--format", fmt, cwd=repo)
        assert proc.returncode == 0, proc.stderr
        assert not {"\x1b", "\x07", "\x9b"} & set(proc.stdout)  # never raw to the terminal
    assert "Eve \\x1b[2J" in proc_md(repo) and "[bold red]x[/]" in proc_md(repo)
    data = json.loads(pk("diff", "HEAD~2", "HEAD", "--format", "json", cwd=repo).stdout)
    names = [p["name"] for p in data["personas"]]
    assert any(n.startswith("Eve \x1b[2J\x1b]8;;") for n in names)  # JSON keeps exact text
    assert "PK001" in proc_md(repo)  # the broken file is a finding of the head revision


def proc_md(repo: Path) -> str:
    return pk("diff", "HEAD~2", "HEAD", cwd=repo).stdout


def test_no_commits_and_no_repository(make_workspace, tmp_path: Path):
    root = make_workspace()
    assert_one_line_error(pk("diff", "HEAD", cwd=root), "not in a git repository")
    assert_one_line_error(pk("lint", "--changed-since", "main", cwd=root), "not in a git")
    git(root, "init", "-q", "-b", "main")
    assert_one_line_error(pk("diff", cwd=root), "no default branch")
    assert_one_line_error(pk("diff", "HEAD", cwd=root), "no revision 'HEAD'")
    assert not list(root.rglob("*.txt"))


def test_workspace_in_a_subfolder_ignores_links_outside_it(tmp_path: Path, make_workspace):
    root = make_workspace()  # tmp_path/ws, inside the repository at tmp_path
    (tmp_path / "outside-link").symlink_to("/etc/passwd")  # committed, but not ours
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "dev@personakit.invalid")
    git(tmp_path, "config", "user.name", "Dev")
    git(tmp_path, "add", "ws", "outside-link")
    git(tmp_path, "commit", "-q", "-m", "base")
    persona = root / "personas" / "admin.yaml"
    persona.write_text(persona.read_text().replace("for days", "for a week"))
    git(tmp_path, "commit", "-q", "-am", "reword")
    proc = pk("diff", "HEAD~1", "HEAD", cwd=root / "personas")
    assert proc.returncode == 0, proc.stderr
    assert "**Reworded** `admin#integration-stall`" in proc.stdout
