"""The rendered site in a real browser: headless Chromium (Debian's `chromium`, which
`.ci/run` installs) driven by Playwright, with axe-core for accessibility."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from personakit.render import render
from tests.test_cli import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_EXTRA = "not installed: pip install personakit[browser]"
playwright = pytest.importorskip("playwright.sync_api", reason=f"playwright {BROWSER_EXTRA}")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium (apt-get install chromium)"
)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": (1280, 900), "phone": (375, 812)}  # 375: the narrowest common phone
KEY_PAGES = ["index.html", "personas/ops-admin.html", "journeys/onboarding.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "site"
    assert render(REPO, out, today=dt.date(2026, 11, 24)).written
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site over loopback HTTP, for axe (which reads stylesheets, blocked on file://)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def open_page(browser, url: str, size: tuple[int, int] = SIZES["desktop"], scheme: str = "light"):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def on_dialog(dialog) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "request",
        lambda r: (
            problems.append(f"network: {r.url}")
            if not r.url.startswith(("file:", "http://127.0.0.1"))
            else None
        ),
    )
    page.goto(url)
    return page, problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", KEY_PAGES)
def test_screenshots_without_errors_or_overflow(
    browser, site: Path, tmp_path: Path, name: str, size: str
):
    page, problems = open_page(browser, (site / name).as_uri(), SIZES[size])
    shot = tmp_path / f"{name.replace('/', '-')}-{size}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # the page itself never scrolls sideways; wide tables scroll inside their region
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size][0], f"{name} overflows at {size}: {width}px"
    assert problems == []
    page.close()


def test_journey_grid_scrolls_with_the_persona_column_in_view(browser, site: Path):
    page, problems = open_page(browser, (site / KEY_PAGES[2]).as_uri(), SIZES["phone"])
    region = page.locator(".journey-scroll")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the grid scrolls
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    page.wait_for_timeout(50)
    box = region.bounding_box()
    assert box is not None and region.evaluate("r => r.scrollLeft") > 0
    for cell in page.locator("tbody th.persona-col").all():
        cell_box = cell.bounding_box()
        assert cell_box is not None
        # still at the left edge of the scrolled region, not scrolled out of it
        assert box["x"] - 1 <= cell_box["x"] <= box["x"] + 2, cell_box
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"][0]
    assert problems == []
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_search_filters_the_index(browser, site: Path, size: str):
    page, problems = open_page(browser, (site / "index.html").as_uri(), SIZES[size])
    box = page.locator("#search-input")
    assert box.is_visible()  # the script showed the search box
    cards = page.locator("li.card")
    total = cards.count()
    assert total == 3
    box.fill("IT approves")
    visible = [c for c in cards.all() if c.is_visible()]
    assert len(visible) == 1 and "Olivia" in visible[0].inner_text()
    results = page.locator("#search-results li")
    assert results.count() >= 1
    assert "Stops at the integration step" in results.first.inner_text()
    assert results.first.locator("a").get_attribute("href") == (
        "personas/ops-admin.html#claim-integration-stall"
    )
    assert "match" in page.locator("#search-status").inner_text()
    box.fill("nothing like this anywhere")
    assert [c for c in cards.all() if c.is_visible()] == []
    assert page.locator("#search-status").inner_text() == "0 matches"
    box.fill("")
    assert len([c for c in cards.all() if c.is_visible()]) == total
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    assert problems == []
    page.close()


def test_pages_read_whole_with_script_off(browser, site: Path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert not page.locator("#search").is_visible()  # no dead search box
    assert all(c.is_visible() for c in page.locator("li.card").all())
    assert page.locator("li.card").count() == 3
    from personakit import load_workspace
    from tests.test_cli import REPO

    ws = load_workspace(REPO)
    for persona in ws.personas.values():
        page.goto((site / "personas" / f"{persona.id}.html").as_uri())
        claims = page.locator("li.claim")
        # every claim, and every claim's first quote, without a click or a script
        assert claims.count() == len(persona.claims)
        assert all(c.locator(".claim-text").is_visible() for c in claims.all())
        with_quotes = [c for c in claims.all() if c.locator(".first-quote").count()]
        assert with_quotes and all(c.locator(".first-quote").is_visible() for c in with_quotes)
    context.close()


def test_every_page_loads_from_file_without_console_errors(browser, site: Path):
    for path in sorted(site.rglob("*.html")):
        page, problems = open_page(browser, path.as_uri())
        assert problems == [], path
        page.close()


def test_no_broken_internal_links(browser, site: Path):
    anchors: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for path in sorted(site.rglob("*.html")):
        page, _ = open_page(browser, path.as_uri())
        anchors[path.as_uri()] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            links.append((path.name, href))
        page.close()
    assert links
    for source, href in links:
        if urlparse(href).scheme != "file":
            continue
        target, fragment = urldefrag(href)
        assert target in anchors, f"{source} links to a missing page {href}"
        if fragment:
            assert fragment in anchors[target], f"{source} links to a missing anchor {href}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "name",
    [*KEY_PAGES, "notes/p03.html", "decisions/2026-10-12-split-onboarding.html", "evidence.html"],
)
def test_no_serious_accessibility_violations(browser, server: str, name: str, scheme: str):
    """axe-core on every page kind, in light and dark mode (contrast included)."""
    axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason=f"axe-playwright-python {BROWSER_EXTRA}"
    )

    page, _ = open_page(browser, server + name, scheme=scheme)
    results = axe.Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("persona", ["ops-admin", "team-member", "economic-buyer"])
def test_a_persona_card_prints_on_one_a4_page(browser, site: Path, persona: str, paper: str):
    page, _ = open_page(browser, (site / "personas" / f"{persona}.html").as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    page.close()


def test_hostile_text_breaks_no_layout(browser, make_workspace, tmp_path: Path):
    from tests.test_render import HOSTILE

    root = make_workspace(
        {
            "personas/admin.yaml": (
                f"name: {HOSTILE!r}\nrole: R\npriority: primary\nstalls:\n  - id: integration-stall\n"
                f"    text: {HOSTILE!r}\n    step: onboarding/integration\n    quotes: [a#q1, b#q1]\n"
            ),
        }
    )
    out = tmp_path / "site"
    assert render(root, out, today=dt.date(2026, 11, 24)).written
    for name in ["index.html", "personas/admin.html", "journeys/onboarding.html"]:
        for size in SIZES.values():
            page, problems = open_page(browser, (out / name).as_uri(), size)
            assert problems == [], name  # no script ran, no alert opened
            assert page.evaluate("document.documentElement.scrollWidth") <= size[0], name
            # no script but the index's own search (its data is JSON, never run)
            assert page.locator("script").count() == (2 if name == "index.html" else 0)
            assert page.locator("script:not([type])").count() <= 1
            page.close()


def test_the_screenshot_script_shoots_every_page_kind(browser, site: Path, tmp_path: Path):
    import importlib.util

    from tests.test_cli import REPO

    spec = importlib.util.spec_from_file_location(
        "screenshots", REPO / "scripts" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.shoot(site, tmp_path, browser)
    names = sorted(p.name for p in written)
    assert names == sorted(f"{k}-{s}.png" for k in module.PAGES for s in module.SIZES)
    assert all(p.stat().st_size > 10_000 for p in written)
    # README shows every one of them
    readme = (REPO / "README.md").read_text()
    assert all(f"docs/images/{name}" in readme for name in names)
