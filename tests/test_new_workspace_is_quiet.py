"""No noise on a new workspace: `init`, then `new persona`, lints clean until claims
are written (the new card is a draft; the starter files cite each other)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import pk


def test_init_then_new_persona_lints_without_warnings(tmp_path: Path):
    root = tmp_path / "research"
    assert pk("init", str(root)).returncode == 0
    made = pk(
        "new", "persona", "exec", "--name", "Xena, the exec", "--role", "Signs the contract",
        "--priority", "secondary", "--no-input", cwd=root,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    proc = pk("lint", "--show-info", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stdout
    report = json.loads(proc.stdout)
    assert report["findings"] == []
    assert report["summary"]["warning"] == report["summary"]["info"] == 0
    assert pk("lint", "--strict", cwd=root).returncode == 0


def test_the_new_persona_is_reported_once_it_holds_a_claim(tmp_path: Path):
    """The draft stops being one: a claim no decision rests on makes it decorative."""
    root = tmp_path / "research"
    pk("init", str(root))
    pk(
        "new", "persona", "exec", "--name", "Xena, the exec", "--role", "Signs the contract",
        "--priority", "secondary", "--no-input", cwd=root,
    )  # fmt: skip
    card = root / "personas" / "exec.yaml"
    quotes = next(line for line in (root / "personas" / "admin.yaml").read_text().splitlines()
                  if "quotes:" in line)  # fmt: skip
    card.write_text(card.read_text() + f"anxieties:\n  - text: Fears the bill\n{quotes}\n")
    proc = pk("lint", cwd=root)
    assert "PK203 decorative-persona: persona 'exec'" in proc.stdout
    assert proc.returncode == 0  # a warning, not an error
