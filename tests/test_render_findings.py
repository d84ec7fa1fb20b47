"""Render and lint agree: every finding of a lint run is marked where it applies in a
`--draft` render, and no badge or count warning on a page says what lint does not.

Checked on the repository's example workspace, on the fixture with every defect lint
knows, on suppressed and switched-off rules, and on counts from data whose drift is
exactly at PK403's tolerance and just over it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from markupsafe import escape

from personakit.findings import Finding
from personakit.linter import lint
from personakit.render import render
from personakit.render.figures import compute_figures
from personakit.render.pages import build_site
from personakit.render.text import md_escape
from personakit.render.views import safe_name
from tests.test_cli import REPO
from tests.test_segments import ACCOUNTS, CONFIG, REQUESTS, USERS, persona

TODAY = dt.date(2026, 11, 24)
DEFECTS = Path(__file__).parent / "fixtures" / "defects"
# Badge → the rule whose finding it shows, and whether that finding is at the claim's
# first line or at its count.
BADGE_RULES = {"single voice": "PK107", "stale": "PK108", "unverified count": "PK106"}


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(
        src,
        dest,
        ignore=shutil.ignore_patterns(".git", ".venv", "site", "tests", "benchmarks", "src"),
    )
    return dest


def page_of(finding: Finding, ws) -> str:
    """The page a finding is marked on: the page of its file, else the index."""
    for folder, docs in (
        ("personas", ws.personas),
        ("journeys", ws.journeys),
        ("notes", ws.notes),
        ("decisions", ws.decisions),
    ):
        for ident, doc in docs.items():
            if doc.path == finding.path:
                return f"{folder}/{safe_name(ident)}"
    return "index"


def mark(finding: Finding, fmt: str, page: str) -> str:
    text = f"{finding.severity.value} {finding.code} {finding.name}: {finding.message}"
    if page == "index":
        text = f"{finding.path}:{finding.line}: {text}"
    return str(escape(text)) if fmt == "html" else md_escape(text)


def claim_views(result):
    """(entry, claim view) of every claim of a lint run, as the persona pages build them."""
    session, ws = result.session, result.workspace
    site = build_site(session, result.findings, compute_figures(session), ext=".html", draft=True)
    for doc in ws.personas.values():
        page = site.link.path("persona", doc.id)
        for entry in doc.claims:
            yield entry, site.claim(doc, entry, page)


def assert_badges_agree(result) -> int:
    """Each badge and count warning stands for a finding at its claim, and each such
    finding shows as one; returns how many badges were checked."""
    at: dict[tuple[str, int, int], set[str]] = {}
    for f in result.findings:
        at.setdefault((f.path, f.line, f.column), set()).add(f.code)
    checked = 0
    for entry, view in claim_views(result):
        claim_codes = at.get((entry.path, *entry.position), set())
        count_codes = set()
        if entry.claim.count is not None:
            count_codes = at.get((entry.path, *entry.count_position()), set())
        expected = {
            badge
            for badge, code in BADGE_RULES.items()
            if code in (count_codes if badge == "unverified count" else claim_codes)
        }
        assert set(view.badges) - {"triangulated"} == expected, (entry.key, view.badges)
        checked += len(view.badges)
        if view.count is not None:
            check = "PK403" if entry.claim.count.segment else "PK104"
            assert view.count.differs == (check in count_codes), entry.key
            if view.count.verified:
                assert not count_codes, (entry.key, count_codes)
            checked += 1
    return checked


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("source", [REPO, DEFECTS], ids=["example", "defects"])
def test_every_finding_is_marked_where_it_applies_in_a_draft(tmp_path, source, fmt):
    root = _copy(source, tmp_path / "ws")
    result = lint(root, today=TODAY)
    if source is DEFECTS:
        assert len({f.code for f in result.findings}) >= 19  # the fixture has nearly every rule
    rendered = render(root, tmp_path / "site", fmt=fmt, draft=True, today=TODAY)
    assert rendered.written
    site = tmp_path / "site"
    pages = {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob(f"*.{fmt}")}
    for finding in result.findings:
        page = page_of(finding, result.workspace)
        assert mark(finding, fmt, page) in pages[f"{page}.{fmt}"], (finding, page)
    if not result.findings:  # nothing to mark: no page says there is
        text = "\n".join(pages.values())
        assert "Lint findings" not in text and " PK" not in text
    assert_badges_agree(result)


def test_the_defects_fixture_shows_every_badge_and_count_warning(tmp_path):
    result = lint(_copy(DEFECTS, tmp_path / "ws"), today=TODAY)
    views = dict((entry.key, view) for entry, view in claim_views(result))
    badges = {b for v in views.values() for b in v.badges}
    assert {"single voice", "stale", "unverified count"} <= badges
    assert any(v.count is not None and v.count.differs for v in views.values())  # PK104
    assert assert_badges_agree(result) >= 5


def _claims_ws(make_workspace, extra_config: str = "") -> Path:
    """A workspace whose claims trigger the badge rules: one voice, old evidence,
    an untagged count, a miscount."""
    return make_workspace(
        {
            "personakit.yaml": "title: Badges\n" + extra_config,
            "interviews/old.md": (
                "---\nid: old\ndate: 2024-01-10\nkind: interview\nparticipant: P9\n"
                "role: ops-admin\ntags: [stalled]\n---\n> It stalled for a week. ^q1\n"
            ),
            "personas/admin.yaml": textwrap.dedent(
                """\
                name: Olivia
                role: Sets up
                priority: primary
                anxieties:
                  - id: lonely
                    text: Heard once, long ago
                    quotes: [old#q1]
                  - id: slide
                    text: Counted from a slide
                    count: {n: 3, of: 9, source: "deck"}
                  - id: miscount
                    text: Miscounted
                    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}
                    quotes: [a#q1]
                """
            ),
        }
    )


def test_badges_follow_lint_when_rules_are_switched_off_or_suppressed(make_workspace):
    root = _claims_ws(make_workspace)
    result = lint(root, today=TODAY)
    codes = {f.code for f in result.findings}
    assert {"PK104", "PK106", "PK107", "PK108"} <= codes
    views = {e.key: v for e, v in claim_views(result)}
    assert views["admin#lonely"].badges == ["single voice", "stale"]
    assert views["admin#slide"].badges == ["unverified count"]
    assert views["admin#miscount"].count.differs and not views["admin#miscount"].count.verified
    assert_badges_agree(result)
    # switched off: lint is silent, and so is the page (no badge, no "right" either)
    root = _claims_ws(make_workspace, "rules: {PK107: off, PK108: off, PK106: off, PK104: off}\n")
    result = lint(root, today=TODAY)
    assert not {"PK104", "PK106", "PK107", "PK108"} & {f.code for f in result.findings}
    views = {e.key: v for e, v in claim_views(result)}
    assert views["admin#lonely"].badges == [] and views["admin#slide"].badges == []
    miscount = views["admin#miscount"].count
    assert not miscount.differs and not miscount.verified
    assert_badges_agree(result)
    # suppressed in place, with a reason: the same
    path = root / "personakit.yaml"
    path.write_text("title: Badges\n")
    persona_file = root / "personas" / "admin.yaml"
    persona_file.write_text(
        persona_file.read_text()
        .replace(
            "  - id: lonely\n",
            "  # personakit: ignore[PK107] the only one we met\n  - id: lonely\n",
        )
        .replace(
            "    count: {n: 2",
            "    # personakit: ignore[PK104] being recounted\n    count: {n: 2",
        )
    )
    result = lint(root, today=TODAY)
    views = {e.key: v for e, v in claim_views(result)}
    assert views["admin#lonely"].badges == ["stale"]
    miscount = views["admin#miscount"].count
    assert not miscount.differs and not miscount.verified
    assert_badges_agree(result)


def _drift_ws(make_workspace, stated_of: int, tolerance: float | None) -> Path:
    """The segment `admin` has 3 members today (the enterprise users U1-U3), of whom
    2 were active at most 2 days; the claim states `2 of stated_of`."""
    rules = f"rules: {{PK403: {{tolerance: {tolerance}}}}}\n" if tolerance is not None else ""
    claim = (
        "anxieties:\n  - id: idle\n    text: Barely uses it\n"
        f"    count: {{n: 2, of: {stated_of}, segment: admin, "
        "where: {users.active_days_28: {max: 2}}, as_of: 2026-11-24}\n"
    )
    return make_workspace(
        {
            "personakit.yaml": CONFIG + rules,
            "data/accounts.csv": ACCOUNTS,
            "data/users.csv": USERS,
            "data/requests.csv": REQUESTS,
            "personas/admin.yaml": persona("accounts.tier: enterprise") + claim,
        }
    )


@pytest.mark.parametrize(
    ("stated_of", "tolerance", "drift"),
    [
        (3, None, False),  # the same numbers
        (4, 0.25, False),  # |3 - 4| = 1 = 0.25 x 4: exactly at the tolerance
        (4, 0.24, True),  # the same difference, just over the tolerance
        (5, 0.4, False),  # |3 - 5| = 2 = 0.4 x 5: exactly at it
        (5, 0.39, True),  # just over
        (4, None, True),  # default 10%: one in four is over it
    ],
)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_data_drift_at_the_tolerance_boundary(
    make_workspace, tmp_path, stated_of, tolerance, drift, fmt
):
    root = _drift_ws(make_workspace, stated_of, tolerance)
    result = lint(root, today=TODAY)
    drifts = [f for f in result.findings if f.code == "PK403"]
    assert bool(drifts) == drift, result.findings
    assert_badges_agree(result)
    render(root, tmp_path / "site", fmt=fmt, draft=True, today=TODAY)
    page = (tmp_path / "site" / "personas" / f"admin.{fmt}").read_text()
    assert ("today's data says otherwise" in page) == drift
    if fmt == "html":
        assert ("today's data says the same" in page) == (not drift)
        # the page says what PK403 says, at the claim
        claim = page[page.index('id="claim-idle"') :]
        claim = claim[: claim.index("</li>")]
        assert ("PK403 data-drift" in claim) == drift
