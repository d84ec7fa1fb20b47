"""`personakit fmt`: one layout, comments kept, idempotent, and `--check` for CI."""

from __future__ import annotations

import shutil
from pathlib import Path

from personakit.formatter import format_yaml
from personakit.workspace.loader import parse_yaml
from tests.test_cli import REPO, pk

MESSY = """\
# The buyer. Comments must survive.
stalls:
- count: {of: 4, n: 2, tag: seats}   # counted in October
  quotes:
  - p10#q2
  - p09#q1
  text: Stops at the renewal
  id: renewal-stall
name: Bea
priority: primary
role: Signs the renewal
context:
- evaluating
"""


def test_layout_key_order_and_comments():
    out = format_yaml(MESSY, "persona")
    assert out == (
        "# The buyer. Comments must survive.\n"
        "name: Bea\n"
        "role: Signs the renewal\n"
        "priority: primary\n"
        "context: [evaluating]\n"
        "stalls:\n"
        "  - id: renewal-stall\n"
        "    text: Stops at the renewal\n"
        "    quotes: [p10#q2, p09#q1]\n"
        "    count: {n: 2, of: 4, tag: seats} # counted in October\n"
    )
    assert parse_yaml(out).data == parse_yaml(MESSY).data


def test_idempotent_on_every_example_file():
    for path in [
        *REPO.glob("personas/*.yaml"),
        *REPO.glob("journeys/*.yaml"),
        REPO / "personakit.yaml",
    ]:
        kind = {"personas": "persona", "journeys": "journey"}.get(path.parent.name, "config")
        once = format_yaml(path.read_text(), kind)
        assert format_yaml(once, kind) == once, path
    once = format_yaml(MESSY, "persona")
    assert format_yaml(once, "persona") == once


def test_commented_lists_stay_in_block_style():
    text = (
        "name: A\nrole: R\npriority: primary\ncontext:\n  - evaluating  # mostly\n  - inheriting\n"
    )
    assert "  - evaluating  # mostly\n" in format_yaml(text, "persona")


def test_check_for_ci_and_writing(tmp_path: Path):
    root = tmp_path / "ws"
    shutil.copytree(REPO / "tests" / "fixtures" / "defects", root)
    (root / "personas" / "messy.yaml").write_text(MESSY)
    proc = pk("fmt", "--check", cwd=root)
    assert proc.returncode == 1
    assert "would reformat personas/messy.yaml" in proc.stdout
    assert (root / "personas" / "messy.yaml").read_text() == MESSY  # --check changes nothing
    proc = pk("fmt", "personas/messy.yaml", cwd=root)
    assert proc.returncode == 0 and "reformatted personas/messy.yaml" in proc.stdout
    assert pk("fmt", "--check", "personas/messy.yaml", cwd=root).returncode == 0


def test_example_workspace_is_formatted():
    proc = pk("fmt", "--check")
    assert proc.returncode == 0, proc.stdout


def test_unparseable_file_is_a_one_line_error(tmp_path: Path):
    from tests.test_cli import assert_one_line_error

    root = tmp_path / "ws"
    pk("init", "ws", cwd=tmp_path)
    (root / "personas" / "bad.yaml").write_text("name: [x\n")
    assert_one_line_error(pk("fmt", cwd=root), "personas/bad.yaml")


# A suppression above the second claim; formatting would reorder the first claim's keys
# (text before quotes), and the comment, which belongs to the key above it, would land
# inside the first claim: the second one's finding would come back.
SUPPRESSED = """\
name: Z
role: ops-admin
priority: secondary
stalls:
  - quotes: [p03#q1, p02#q1]
    text: Two voices
  # personakit: ignore[PK107] the only buyer we could reach
  - text: One voice
    quotes: [p02#q1]
"""


def test_a_suppression_is_never_moved_off_the_lines_it_silences(tmp_path: Path):
    from tests.conftest import example_copy
    from tests.test_cli import assert_one_line_error

    root = example_copy(tmp_path / "ws")
    persona = root / "personas" / "zz.yaml"
    persona.write_text(SUPPRESSED)
    assert "PK107" not in pk("lint", "--select", "PK107", "personas/zz.yaml", cwd=root).stdout
    assert_one_line_error(pk("fmt", "personas/zz.yaml", cwd=root), "personas/zz.yaml")
    assert persona.read_text() == SUPPRESSED
    # Where formatting leaves it on its lines, the file is formatted.
    kept = SUPPRESSED.replace("  - quotes: [p03#q1, p02#q1]\n    text: Two voices\n", "")
    persona.write_text(kept.replace("  - text: One voice", "  - text: One voice   "))
    assert pk("fmt", "personas/zz.yaml", cwd=root).returncode == 0
    assert "  # personakit: ignore[PK107] the only buyer we could reach\n  - text: One voice\n" in (
        persona.read_text()
    )
