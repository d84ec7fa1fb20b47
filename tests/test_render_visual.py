"""What the redesigned pages show: the persona card's hero, evidence meter, strongest
quote and claims with proportion bars; masked in a public edition like every other
element. (Layout, print and accessibility are checked in a browser: test_browser.py.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from personakit.render import render
from personakit.render.pages.hero import AVATAR_COLOURS, avatar, initials
from tests.conftest import example_copy
from tests.test_cli import REPO

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("visual") / "site"
    assert render(REPO, out, today=TODAY).written
    return out


def between(text: str, start: str, end: str) -> str:
    """The part of `text` from `start` up to the next `end`."""
    rest = text[text.index(start) :]
    return rest[: rest.index(end)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Olivia, the onboarding ops admin", "O"),
        ("Maria Lopez", "ML"),
        ("Dr. Ana María de la Cruz, buyer", "DA"),
        ("[name], the buyer", "N"),
        ("", "?"),
        ("<script>x</script>", "S"),
    ],
)
def test_avatar_initials_come_from_the_name(name: str, expected: str):
    assert initials(name) == expected


def test_avatar_colour_comes_from_the_id_and_is_stable():
    first = avatar("ops-admin", "Olivia")
    assert first["colour"] == avatar("ops-admin", "Someone else")["colour"]
    assert first["colour"] in AVATAR_COLOURS
    colours = {avatar(f"persona-{i}", "X")["colour"] for i in range(40)}
    assert len(colours) > 4  # ids spread over the palette


def test_persona_hero_shows_avatar_badges_summary_and_evidence_meter(example_site: Path):
    page = (example_site / "personas" / "ops-admin.html").read_text()
    hero = between(page, '<header class="hero">', "</header>")
    assert re.search(r'<svg class="avatar"[^>]*aria-hidden="true"', hero)
    assert ">O</text>" in hero
    assert avatar("ops-admin", "Olivia")["colour"] in hero
    assert '<li class="pill pill-primary">primary</li>' in hero
    assert '<li class="pill">champion</li>' in hero
    # the first job story, read aloud
    assert (
        '<p class="summary">When my manager schedules the internal demo, I want to get the '
        "core integration connected first, so I don&#39;t show my team an empty product.</p>"
    ) in hero
    meter = between(hero, '<ul class="meter"', "</ul>")
    labels = re.findall(r'<span class="meter-label">([^<]*)</span>', meter)
    assert labels == [
        "11 claims · 11 with evidence",
        "11 counted or quoted by ≥2 voices",
        "3 kinds of evidence",
        "newest evidence 21 days ago",
    ]
    shares = re.findall(r'style="width: (\d+)%"', meter)
    assert shares[:2] == ["100", "100"] and len(shares) == 4


def test_strongest_quote_is_the_most_cited_one(example_site: Path):
    page = (example_site / "personas" / "ops-admin.html").read_text()
    top = between(page, '<section class="top-quote"', "</section>")
    # churn-relecloud#q1 backs three of Olivia's claims, more than any other quote
    assert 'href="../notes/churn-relecloud.html#q1"' in top
    assert "IT took two weeks to approve the connector" in top
    assert "churn note" in top and "A-relecloud" in top
    assert 'href="#claim-empty-first-screen"' in top


def test_a_featured_claim_gives_the_large_quote(make_workspace, tmp_path: Path):
    root = make_workspace(
        {
            "personas/admin.yaml": """\
                name: Olivia, the ops admin
                role: Sets up the tool
                priority: primary
                motivations:
                  - text: Wants the rollout done
                    quotes: [a#q1]
                stalls:
                  - id: integration-stall
                    text: Stops at the integration step for days
                    step: onboarding/integration
                    featured: true
                    quotes: [b#q1, a#q1]
                    count: {n: 2, of: 2, tag: stalled, among: {role: ops-admin}}
                """,
        }
    )
    assert render(root, tmp_path / "site", today=TODAY).written
    page = (tmp_path / "site" / "personas" / "admin.html").read_text()
    top = between(page, '<section class="top-quote"', "</section>")
    # a#q1 is cited twice, but the featured claim's first quote wins
    assert "Blocked for three days waiting on IT." in top
    assert 'href="#claim-integration-stall"' in top


def test_claims_show_a_proportion_bar_and_their_first_quote_inline(example_site: Path):
    page = (example_site / "personas" / "ops-admin.html").read_text()
    claim = between(page, '<li id="claim-integration-stall"', "</li>\n")
    bar = between(claim, '<p class="count-bar">', "</p>")
    assert 'style="width: 75%"' in bar and "6 of 8 ops admins" in bar
    before, _, inside = claim.partition("<details")
    # the first quote is on the card, the others one click away
    assert 'href="../notes/p03.html#q1"' in before
    assert 'href="../notes/t4821.html#q1"' not in before
    assert 'href="../notes/t4821.html#q1"' in inside
    assert "2 more quotes and how we know" in inside


def test_persona_page_keeps_its_blocks_for_other_sections(example_site: Path):
    page = (example_site / "personas" / "ops-admin.html").read_text()
    main = page.index('<div class="card-main">')
    side = page.index('<aside class="card-side" aria-label="At a glance">')
    below = page.index('<section id="journey"')
    assert page.index('<header class="hero">') < main < side < below
    template = Path("src/personakit/templates/render/html/persona.html.j2")
    source = (REPO / template).read_text()
    for block in ("hero", "quote", "claims", "side", "sections_below"):
        assert f"{{% block {block} %}}" in source


def test_public_card_masks_the_avatar_and_leaves_internal_quotes_out(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    list_real_names(root, "Olivia")
    assert render(root, root / "public", public=True, today=TODAY).written
    page = (root / "public" / "personas" / "ops-admin.html").read_text()
    assert "Olivia" not in page
    hero = between(page, '<header class="hero">', "</header>")
    assert ">N</text>" in hero  # from "[name], the onboarding ops admin"
    top = between(page, '<section class="top-quote"', "</section>")
    from personakit import load_workspace

    ws = load_workspace(root)
    internal = [
        q.text
        for n in ws.notes.values()
        if n.meta.consent.value != "public"
        for q in n.quotes.values()
    ]
    assert internal and not [q for q in internal if q in top]
    assert "a participant" in top


def test_fmt_puts_featured_before_the_evidence():
    from personakit.formatter import format_yaml

    messy = (
        "name: Bea\nrole: R\npriority: primary\nstalls:\n"
        "  - quotes: [a#q1]\n    featured: true\n    text: Stops\n"
    )
    assert format_yaml(messy, "persona").endswith(
        "  - text: Stops\n    featured: true\n    quotes: [a#q1]\n"
    )


def test_journey_cells_show_quote_snippets_and_say_what_they_hold(example_site: Path):
    page = (example_site / "journeys" / "onboarding.html").read_text()
    rows = page[page.index("<tbody>") :]
    olivia = between(rows, 'href="../personas/ops-admin.html"', "</tr>")
    cells = re.findall(r'<td class="cell cell-([a-z-]+)">', olivia)
    # signs up, integration (success, goes wrong, stalls), first session, invite, day 30
    assert cells == ["gap", "both", "gap", "both", "gap"]
    # a snippet of the quote, linked to its anchor on the note, not the raw id
    assert '<a href="../notes/p01.html#q1">“My manager put the internal demo' in olivia
    assert ">p01#q1</a>" not in page
    assert "— P01, interview · 1 more" in olivia
    legend = between(page, '<ul class="legend"', "</ul>")
    assert "both (4)" in legend and "gap: no evidence yet (9)" in legend
    assert page.count('class="persona-col"') == 1 + 3  # the header and one per persona


def test_journey_cell_kind():
    from personakit.render.pages.journey import cell_kind

    assert [
        cell_kind(s, w) for s, w in [(True, True), (True, False), (False, True), (False, False)]
    ] == [
        "both",
        "success",
        "goes-wrong",
        "gap",
    ]


def search_data(page: str) -> list[dict[str, object]]:
    import json

    from tests.test_render import search_scripts

    return json.loads(search_scripts(page)[0])


def test_index_cards_by_priority_with_avatar_meter_and_segment(example_site: Path):
    page = (example_site / "index.html").read_text()
    primary = between(page, '<div class="group group-primary">', "</ul>\n</div>")
    assert primary.count('<li class="card"') == 2
    olivia = primary[primary.index('href="personas/ops-admin.html"') :]  # the last card
    assert "Operations manager who buys" in olivia
    assert '<span class="meter-label">11 claims · 11 with evidence</span>' in olivia
    assert '<p class="card-segment"><strong>26</strong> users today' in olivia
    assert '<svg class="avatar"' in primary and ">B</text>" in primary
    secondary = between(page, '<div class="group group-secondary">', "</ul>\n</div>")
    assert 'href="personas/team-member.html"' in secondary
    # the search box is hidden until its script shows it
    assert '<form id="search" class="search" role="search" hidden>' in page


def test_search_index_holds_personas_claims_and_quotes_with_links(example_site: Path):
    entries = search_data((example_site / "index.html").read_text())
    kinds = {str(e["kind"]) for e in entries}
    assert kinds == {"persona", "claim", "quote"}
    claim = next(e for e in entries if "while IT approves" in str(e["text"]))
    assert claim["href"] == "personas/ops-admin.html#claim-integration-stall"
    quote = next(e for e in entries if str(e["text"]).startswith("We connected the CRM"))
    assert quote["href"] == "notes/p03.html#q1" and quote["kind"] == "quote"
    # a quote once per persona, with the card it belongs to
    refs = [(e["card"], e["text"]) for e in entries if e["kind"] == "quote"]
    assert len(refs) == len(set(refs))
    cards = {e["card"] for e in entries if e["persona"] == "Olivia, the onboarding ops admin"}
    assert cards == {1}


def test_public_search_index_is_built_from_the_masked_content(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    list_real_names(root, "Olivia")
    note = root / "interviews" / "interviews" / "2026-09-22-p03.md"
    note.write_text(
        note.read_text().replace(
            "We connected the CRM", "Mail olivia@x.example. We connected the CRM"
        )
    )
    assert render(root, root / "public", public=True, today=TODAY).written
    page = (root / "public" / "index.html").read_text()
    entries = search_data(page)
    text = " ".join(str(e["text"]) + " " + str(e["persona"]) for e in entries)
    assert "Olivia" not in text and "olivia@" not in text and "[name]" in text
    from personakit import load_workspace

    ws = load_workspace(root)
    internal = [
        q.text
        for n in ws.notes.values()
        if n.meta.consent.value != "public"
        for q in n.quotes.values()
    ]
    assert internal and not [q for q in internal if q[:40] in text]
    assert "T-4907" not in text and "a participant" in text


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("users.active_days_28", "Active days (28)"),
        ("users.nps", "NPS"),
        ("accounts.seats_used", "Seats used"),
        ("mrr", "MRR"),
        ("users.q_1_2", "Q (1, 2)"),
    ],
)
def test_columns_in_words(column: str, words: str):
    from personakit.render.charts import humanise

    assert humanise(column) == words


def test_chart_labels_values_and_palette():
    from personakit.render.charts import PALETTE, format_date, line_chart

    assert format_date("2026-10-04") == "4 Oct 2026" and format_date("week 3") == "week 3"
    svg = line_chart(
        "Users in the segment",
        [("2026-10-24", 12.0), ("2026-11-01", None), ("2026-11-24", 26.0)],
        unit="users",
        colour=1,
    )
    # every value named on hover, the missing one said as missing
    assert "<title>24 Oct 2026: 12 users</title>" in svg
    assert "<title>24 Nov 2026: 26 users</title>" in svg
    assert "1 Nov 2026: no value" in svg
    assert f'stroke="{PALETTE[1]}"' in svg and ">24 Oct 2026</text>" in svg
    assert ">Users in the segment</text>" in svg
    assert line_chart("x", [("2026-10-24", 1.0)]) == line_chart("x", [("2026-10-24", 1.0)])


def test_persona_charts_use_words_and_carry_their_numbers(example_site: Path):
    page = (example_site / "personas" / "ops-admin.html").read_text()
    segment = between(page, '<section id="segment"', "</section>")
    # a description from the config, else the column's name made readable
    assert ">Active days in the last 28 days, mean per member</text>" in segment
    assert ">NPS, mean per member</text>" in segment
    assert ">Users in the segment</text>" in segment
    assert "users.active_days_28" not in segment.split('<p class="meta">Where', 1)[0]
    tables = re.findall(r"<table>.*?</table>", segment, re.S)
    assert len(tables) == 3
    assert "<caption>Users in the segment</caption>" in tables[0]
    assert '<th scope="row">24 Oct 2026</th><td>12</td>' in tables[0]


def test_note_quotes_are_highlighted_where_they_stand(example_site: Path):
    page = (example_site / "notes" / "p01.html").read_text()
    body = between(page, '<div class="body">', "</section>")
    prose = body.index("Ops manager at a 60-person logistics firm.")
    first = body.index('<figure class="note-quote" id="q1">')
    middle = body.index("She did not invite anyone until the first sync had landed.")
    second = body.index('<figure class="note-quote" id="q2">')
    assert prose < first < middle < second
    q1 = between(body, 'id="q1"', "</figure>")
    # the quote's own words, its tags as chips, what cites it beside it
    assert "<blockquote>My manager put the internal demo" in q1
    assert '<span class="chip">#connect-before-demo</span>' in q1
    assert "Cited by:" in q1
    assert 'href="../personas/ops-admin.html#claim-connect-before-demo"' in q1
    assert "^q1</p>" not in body and "#connect-before-demo ^q1" not in body
    assert '<section aria-labelledby="h-quotes">' not in page  # every quote placed
    assert '<h2 id="h-counted">Counted in</h2>' in page


def test_split_at_quotes_cuts_the_body_around_blockquotes():
    from personakit.render.text import split_at_quotes

    body = "Intro\n\n> first line\n> second ^q1\n\nMiddle\n> quoted ^q2\nAfter\n"
    assert split_at_quotes(body, {2: "q1", 6: "q2"}) == [
        ("markdown", "Intro\n"),
        ("quote", "q1"),
        ("markdown", "\nMiddle"),
        ("quote", "q2"),
        ("markdown", "After\n"),
    ]
    # a start that is not a blockquote line stays text: the page lists that quote apart
    assert split_at_quotes(body, {0: "q9"}) == [("markdown", body)]


def test_a_note_cannot_forge_a_quote_slot(make_workspace, tmp_path: Path):
    from personakit.render.text import QUOTE_SLOT, slot_key

    body = "# Interview A\n\nBefore\n\n> IT had to approve the scopes. #stalled ^q1\n"
    forged = "\n".join(QUOTE_SLOT.format(key=k, n=n) for k in ("", "x", "0") for n in (0, 7))
    text = f"---\nid: a\ndate: 2026-10-01\nkind: interview\nparticipant: P01\nrole: ops-admin\n---\n{body}\n{forged}\n"
    root = make_workspace({"interviews/a.md": text})
    assert render(root, tmp_path / "site", today=TODAY).written
    page = (tmp_path / "site" / "notes" / "a.html").read_text()
    assert page.count('<figure class="note-quote"') == 1  # the quote, once, where it stands
    assert page.index("Before") < page.index('id="q1"')
    assert slot_key(body) != slot_key(body + " ")


def test_markdown_card_opens_with_the_summary_and_the_strongest_quote(tmp_path: Path):
    assert render(REPO, tmp_path / "md", fmt="md", today=TODAY).written
    text = (tmp_path / "md" / "personas" / "ops-admin.md").read_text()
    head = text[: text.index("| Priority |")]
    assert "_When my manager schedules the internal demo, I want to get the core" in head
    assert "> IT took two weeks to approve the connector" in head
    assert "[churn-relecloud\\#q1](../notes/churn-relecloud.md#q1)" in head
    assert head.endswith("\n\n")  # the table is not read as part of the quote


def test_public_note_pages_keep_every_quote_whatever_digits_their_slots_carry(tmp_path: Path):
    # A note's quotes are cut out of its body at slots named by a digest of the body,
    # in hex; a public edition masks phone numbers, and some digests hold a run of
    # digits the phone matcher takes for one (about one note in sixteen). Thirty notes
    # that differ by one word: their slots carry thirty digests.
    root = example_copy(tmp_path / "ws")
    said = {}
    for i in range(30):
        said[f"slot{i:02d}"] = f"We rebuilt the weekly report by hand, version {i}, every Monday."
        (root / "interviews" / f"slot{i:02d}.md").write_text(
            f"---\nid: slot{i:02d}\ndate: 2026-10-01\nkind: interview\nparticipant: S{i:02d}\n"
            f"consent: public\n---\n# Call {i}\n\nBefore the quote.\n\n"
            f"> {said[f'slot{i:02d}']} ^q1\n\nAfter the quote.\n"
        )
    assert render(root, root / "public", public=True, today=TODAY).written
    for note, quote in said.items():
        page = (root / "public" / "notes" / f"{note}.html").read_text()
        assert "pk-quote" not in page, note
        figure = between(page, '<figure class="note-quote" id="q1">', "</figure>")
        assert quote in figure, note
        assert page.index("Before the quote.") < page.index(quote) < page.index("After the quote.")


def test_public_masks_phone_numbers_of_the_workspaces_region(tmp_path: Path):
    # Lint reads phone numbers with the workspace's `region`; the public site must
    # hide what lint finds, not only numbers written the American way.
    root = example_copy(tmp_path / "ws")
    config = root / "personakit.yaml"
    config.write_text("region: GB\n" + config.read_text())
    note = root / "interviews" / "interviews" / "2026-09-08-p01.md"
    note.write_text(note.read_text() + "\n> Ring me on 020 7946 0958 any time. ^q9\n")
    assert render(root, root / "public", public=True, today=TODAY, draft=True).written
    page = (root / "public" / "notes" / "p01.html").read_text()
    assert "7946" not in page and "Ring me on [phone] any time." in page


def test_public_evidence_tables_mask_roles_and_tags_and_keep_their_counts(tmp_path: Path):
    # Roles and tags are the tables' keys as well as their labels: masked in both, two
    # that mask alike kept apart.
    root = example_copy(tmp_path / "ws")
    for i, (role, tag) in enumerate(
        [("desk-5551234567", "jane-5551234567"), ("desk-5559876543", "rollout")]
    ):
        (root / "interviews" / f"desk{i}.md").write_text(
            f"---\nid: desk{i}\ndate: 2026-10-31\nkind: interview\nparticipant: D{i}\n"
            f"role: {role}\ntags: [{tag}]\nconsent: public\n---\n# Desk {i}\n\n"
            "> It was fine. ^q1\n"
        )
    assert render(root, root / "public", public=True, today=TODAY, draft=True).written
    page = (root / "public" / "evidence.html").read_text()
    assert "5551234567" not in page and "5559876543" not in page
    header = between(page, "<thead>", "</thead>")
    assert "desk [phone] <span" in header and "desk [phone] (2) <span" in header
    row = between(page, "<code>#jane-[phone]</code>", "</tr>")
    assert row.count("<td>1</td>") == 2  # its column's count and its total


def test_public_playbook_bars_keep_their_geometry(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    config = root / "personakit.yaml"
    config.write_text(config.read_text().replace("data:\n", "data:\n  min_group_size: 1\n", 1))
    assert render(root, root / "public", public=True, today=TODAY).written
    page = (root / "public" / "personas" / "ops-admin.html").read_text()
    bars = re.findall(
        r'<svg [^>]*viewBox="([^"]*)"', between(page, 'class="playbook', "</section>")
    )
    assert bars and all(re.fullmatch(r"0 0 \d+ \d+", box) for box in bars)


def test_a_public_decision_names_no_internal_note_it_rests_on(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    decision = root / "decisions" / "2026-10-12-split-onboarding.md"
    decision.write_text(decision.read_text().replace("p03#q1]", "p03#q1, churn-fourthcoffee#q1]"))
    assert render(root, root / "public", public=True, today=TODAY).written
    for name in ("decisions/2026-10-12-split-onboarding.html",):
        page = (root / "public" / name).read_text()
        assert "fourthcoffee" not in page
        assert "a quote not for publication (withheld)" in page


def test_public_numbers_render_computed_are_not_masked_as_phone_numbers(tmp_path: Path):
    # Seven digits are a possible local number to the phone matcher; a mean, a size or
    # a count that render wrote itself is not workspace text.
    root = example_copy(tmp_path / "ws")
    snapshot = root / "segments" / "ops-admin" / "2026-11-24.json"
    snapshot.write_text(snapshot.read_text().replace('"users.nps": 5.2857', '"users.nps": 1234567'))
    assert render(root, root / "public", public=True, today=TODAY).written
    page = (root / "public" / "personas" / "ops-admin.html").read_text()
    assert "<td>1234567</td>" in page and "[phone]" not in page


def test_public_masks_a_full_name_broken_across_lines_in_either_format(tmp_path: Path):
    root = example_copy(tmp_path / "ws")
    list_real_names(root, "Jane Smith")
    note = root / "interviews" / "interviews" / "2026-09-08-p01.md"
    note.write_text(
        note.read_text()
        + "\nHer colleague Jane\nSmith wrote the runbook.\n\n"
        + "> My colleague Jane\n> Smith set it up. ^q9\n"
    )
    for fmt in ("html", "md"):
        out = root / f"public-{fmt}"
        assert render(root, out, public=True, today=TODAY, draft=True, fmt=fmt).written
        page = (out / "notes" / f"p01.{fmt}").read_text()
        assert "Smith" not in page, fmt
        assert "colleague [name]" in page, fmt


def list_real_names(root: Path, *names: str) -> None:
    """Lists `names` in the workspace's config as real names, for PK301 and --public."""
    config = root / "personakit.yaml"
    listed = f"rules:\n  PK301: {{names: [{', '.join(names)}]}}\n"
    config.write_text(config.read_text().replace("rules:\n", listed))
