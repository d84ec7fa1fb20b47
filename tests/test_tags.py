"""`personakit tags`: distinct participants per tag, by any front-matter field."""

from __future__ import annotations

import json

from personakit.model import TagCount
from personakit.session import Session
from tests.test_cli import REPO, assert_one_line_error, pk


def test_json_by_role_agrees_with_counts():
    data = json.loads(pk("tags", "--format", "json").stdout)
    assert data["by"] == "role"
    assert data["participants"] == {
        "all": 16,
        "economic-buyer": 4,
        "ops-admin": 8,
        "team-member": 4,
    }
    stalled = data["tags"]["stalled-at-integration"]
    assert stalled == {"all": 7, "economic-buyer": 1, "ops-admin": 6}
    recount = Session.load(REPO).evidence.count(
        TagCount(n=0, of=1, tag="stalled-at-integration", among={"role": "ops-admin"})
    )
    assert (recount.n, recount.of) == (stalled["ops-admin"], data["participants"]["ops-admin"])


def test_participants_count_once(make_workspace):
    root = make_workspace(
        {
            "interviews/a2.md": "---\ndate: 2026-10-09\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n> Again. #stalled ^q1\n",
        }
    )
    data = json.loads(pk("tags", "--by", "kind", "--format", "json", cwd=root).stdout)
    # P01 (two interviews) and P02 (a ticket) carry #stalled
    assert data["tags"]["stalled"] == {"all": 2, "interview": 1, "support-ticket": 1}


def test_table_and_bad_field():
    proc = pk("tags", "--by", "kind")
    assert proc.returncode == 0
    assert "#stalled-at-integration" in proc.stdout and "support-ticket" in proc.stdout
    assert_one_line_error(pk("tags", "--by", "mood"), "no field 'mood'")
