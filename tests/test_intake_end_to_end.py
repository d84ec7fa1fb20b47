"""From a call's transcript to a cited claim: `import transcript`, `quote`, a citation
added to a persona; then lint is clean and `tags` counts the new participant."""

from __future__ import annotations

import json

from tests.conftest import TODAY
from tests.test_cli import pk
from tests.test_import_transcript import ZOOM_VTT


def test_transcript_to_cited_claim(make_workspace):
    root = make_workspace()
    call = root.parent / "call.vtt"
    call.write_bytes(("\ufeff" + ZOOM_VTT).replace("\n", "\r\n").encode("utf-8"))

    imported = pk(
        "import", "transcript", str(call), "--interviewer", "Sam Lee",
        "--speaker", "Jane Doe=P07", "--role", "ops-admin", "--date", "2026-11-20",
        cwd=root,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    note = root / "interviews" / "2026-11-20-p07.md"
    assert "Jane" not in note.read_text(encoding="utf-8")

    # The sentence runs across two cues of one speaker: one passage.
    quoted = pk(
        "quote", "2026-11-20-p07",
        "nobody touched it until Thursday, because IT had to approve",
        "--tag", "stalled", cwd=root,
    )  # fmt: skip
    assert quoted.returncode == 0, quoted.stderr
    assert "  quotes: [2026-11-20-p07#q1]\n" in quoted.stdout

    # The new participant carries #stalled now: the stated count is off by one (PK104).
    before = pk("lint", "--as-of", TODAY.isoformat(), "--format", "json", cwd=root)
    assert [f["code"] for f in json.loads(before.stdout)["findings"]] == ["PK104"]

    persona = root / "personas" / "admin.yaml"
    persona.write_text(
        persona.read_text(encoding="utf-8")
        .replace("quotes: [a#q1, b#q1]", "quotes: [a#q1, b#q1, 2026-11-20-p07#q1]")
        .replace("count: {n: 2, of: 2,", "count: {n: 3, of: 3,"),
        encoding="utf-8",
    )
    lint = pk("lint", "--as-of", TODAY.isoformat(), "--strict", cwd=root)
    assert lint.returncode == 0, lint.stdout + lint.stderr

    tags = json.loads(pk("tags", "--format", "json", cwd=root).stdout)
    assert tags["participants"]["ops-admin"] == 3
    assert tags["tags"]["stalled"] == {"all": 3, "ops-admin": 3}
