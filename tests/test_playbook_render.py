"""The playbook on the persona page: steps, the claims they answer, a bar of states, the
share at risk over snapshots; `--public` hides small numbers; no member key anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from personakit.render import render
from personakit.render.pages.playbook import hidden_counts
from tests.test_cli import pk
from tests.test_playbooks import D, persona, play_ws  # noqa: F401 (the fixture)

# A snapshot written by hand: on 11-01, 4 members with a start, 1 of them at risk (25%).
EARLY = """\
key,start,kickoff,crm,security
U1,2026-10-01,done,done,done
U2,2026-10-02,at_risk,done,done
U3,2026-10-03,done,done,done
U4,,,,
U7,2026-10-04,open,open,open
"""


def site_text(out: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".md", ".svg")
    )


@pytest.fixture
def rendered(play_ws, tmp_path):  # noqa: F811 (the fixture)
    def build(fmt: str = "html", public: bool = False) -> tuple[Path, str]:
        root = play_ws(**{"segments/admin/playbook/2026-11-01.csv": EARLY})
        assert pk("snapshot", "--as-of", "2026-11-24", cwd=root).returncode == 0
        out = tmp_path / f"site-{fmt}-{public}"
        render(root, out, fmt=fmt, public=public, today=D)
        return out, (out / f"personas/admin.{fmt}").read_text(encoding="utf-8")

    return build


def test_the_persona_page_shows_each_step_with_its_claim_and_states(rendered):
    _out, page = rendered()
    section = page.split('<section id="playbook"', 1)[1].split("</section>", 1)[0]
    assert "<strong>2</strong> of 6 members at risk as of 2026-11-24" in section
    assert "1 without a start date are left out of the steps" in section
    assert section.count('<li id="step-') == 3
    assert (
        '<a href="../personas/admin.html#claim-integration-stall">Stops at the integration step'
        in section
    )
    # the bars say the hand-worked counts (test_playbooks' table)
    assert (
        'aria-label="crm as of 2026-11-24: done: 0; late: 1; scheduled: 2; open: 1; at risk: 1"'
        in section
    )
    assert 'done: 2</span> · <span class="state-late">late: 0' in section
    # the share at risk over the snapshots: 1 of 4 on 11-01, 2 of 5 on 11-24
    assert "Members at risk (%): 1 Nov 2026: 25; 24 Nov 2026: 40" in section


def test_the_markdown_page_and_its_chart(rendered):
    out, page = rendered("md")
    assert "## Playbook" in page
    assert "2. **Salesforce integration connected** (within 14 days)" in page
    assert "   done: 0 · late: 1 · scheduled: 2 · open: 1 · at risk: 1" in page
    assert (out / "charts/admin-playbook.svg").is_file()


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("public", [False, True])
def test_no_member_key_on_any_page(rendered, fmt, public):
    out, _page = rendered(fmt, public)
    assert re.findall(r"\bU[0-9]\b", site_text(out)) == []


def test_public_hides_every_number_below_min_group_size(rendered):
    _out, page = rendered(public=True)
    section = page.split('<section id="playbook"', 1)[1].split("</section>", 1)[0]
    assert "<strong>fewer than 5</strong> of 6 members at risk" in section
    assert "<svg" not in section  # no bar and no chart point can tell a small number
    assert not re.search(r"(done|late|scheduled|open|at risk): \d", section)


def test_one_hidden_count_takes_the_next_smallest_with_it():
    counts = {"done": 40, "late": 3, "scheduled": 9, "open": 12, "at_risk": 20}
    assert hidden_counts(counts, 5) == {"late", "scheduled"}
    assert hidden_counts({**counts, "late": 30}, 5) == set()
    assert hidden_counts({**counts, "open": 0}, 5) == {"late", "open"}


ONE_STEP = """\
- id: kickoff
  text: Kick-off call in week one
  within: 7d
  scheduled_when: {events.name: kickoff_booked}
  done_when: {events.name: kickoff_call}
  because: [integration-stall]
"""


def _groups(**sizes: int) -> dict[str, str]:
    """Users and events giving each state of ONE_STEP as of D the number of members
    asked (worked out by hand: due 7 days after the start)."""
    start_for = {"done": "2026-10-25", "late": "2026-10-25", "at_risk": "2026-10-25"}
    event_for = {"done": "kickoff_call,,2026-10-26", "late": "kickoff_call,,2026-11-14"}
    event_for["scheduled"] = "kickoff_booked,,2026-11-23"
    users, events, n = (
        ["user_id,account_id,role,signup_date"],
        ["event_id,user_id,name,detail,occurred_at"],
        0,
    )
    for state, size in sizes.items():
        for _ in range(size):
            n += 1
            start = "" if state == "no_start" else start_for.get(state, "2026-11-23")
            users.append(f"U{n:03d},A1,admin,{start}")
            if state in event_for:
                events.append(f"E{n:03d},U{n:03d},{event_for[state]}")
    return {"data/users.csv": "\n".join(users) + "\n", "data/events.csv": "\n".join(events) + "\n"}


def _public_section(build, tmp_path, **sizes: int) -> str:
    root = build(**{"personas/admin.yaml": persona(ONE_STEP), **_groups(**sizes)})
    out = tmp_path / "public"
    render(root, out, public=True, today=D)
    page = (out / "personas/admin.html").read_text(encoding="utf-8")
    return page.split('<section id="playbook"', 1)[1].split("</section>", 1)[0]


def test_few_without_a_start_cannot_be_worked_out_from_the_steps(play_ws, tmp_path):  # noqa: F811
    # 43 members, 2 without a start: were every count of the step shown, 43 less their
    # sum (41) would tell the 2. The smallest count (open, 5) is not shown.
    section = _public_section(
        play_ws, tmp_path, done=10, late=10, scheduled=10, open=5, at_risk=6, no_start=2
    )
    assert "<strong>6</strong> of 43 members at risk" in section
    assert "fewer than 5 without a start date" in section
    assert "open: not shown" in section
    assert "done: 10" in section and "at risk: 6" in section


def test_a_count_hidden_beside_a_small_one_is_not_called_small(play_ws, tmp_path):  # noqa: F811
    # open (3) is small; at risk (6), the next smallest, is hidden with it: "fewer than
    # 5" would be false, and the members at risk (6, with one step) would tell it.
    section = _public_section(play_ws, tmp_path, done=10, late=10, scheduled=10, open=3, at_risk=6)
    assert "open: fewer than 5" in section
    assert "at risk: not shown" in section
    assert "<strong>not shown</strong> of 39 members at risk" in section
    assert "6" not in re.sub(r"2026-11-24|\d{2,}", "", section.split("members at risk")[0])
