"""`personakit serve` in a real browser: an open page follows the edits of the workspace
without a manual reload (headless Chromium driven by Playwright, as test_browser.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import ARGS, BROWSER_EXTRA, CHROMIUM
from tests.test_lint_cache import example
from tests.test_serve import Serve

playwright = pytest.importorskip("playwright.sync_api", reason=f"playwright {BROWSER_EXTRA}")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium (apt-get install chromium)"
)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Serve, Path]]:
    monkeypatch.delenv("PERSONAKIT_NO_CACHE")  # serve as a user has it: incremental
    root = example(tmp_path)
    running = Serve(root, tmp_path / "tmp")
    yield running, root
    running.proc.kill()


@pytest.fixture
def page(served: tuple[Serve, Path]) -> Iterator[object]:
    running, _root = served
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto(running.url + "personas/ops-admin.html")
        yield tab
        assert problems == []
        browser.close()


def test_an_open_page_shows_an_edit_within_two_seconds_and_then_a_finding(
    served: tuple[Serve, Path], page
):
    running, root = served
    expect = playwright.expect
    heading = page.locator("h1")
    expect(heading).to_contain_text("Olivia, the onboarding ops admin")
    page.evaluate("window.notReloaded = true")  # gone once the page reloads
    persona = root / "personas" / "ops-admin.yaml"
    persona.write_text(persona.read_text().replace("Olivia, the onboarding", "Olivia, the live"))
    edited = time.monotonic()
    expect(heading).to_contain_text("Olivia, the live ops admin", timeout=2000)
    assert time.monotonic() - edited <= 2.0
    assert page.evaluate("window.notReloaded") is None  # reloaded by serve, not by the test
    assert page.locator(".findings").count() == 0
    # a note edited so that a quote no longer says what the persona quotes it saying
    note = root / "interviews" / "interviews" / "2026-09-08-p01.md"
    note.write_text(note.read_text().replace("I won't invite anyone", "I will not invite anyone"))
    claim = page.locator("#claim-demo-with-real-data")
    expect(claim.locator(".findings")).to_contain_text("PK", timeout=5000)
    expect(claim.locator(".findings")).to_contain_text("p01#q2")
    running.wait_for("lint: 1 error", "stdout")
    code, stderr = running.stop()
    assert code == 0 and "Traceback" not in stderr


def test_a_broken_workspace_shows_its_error_over_the_last_good_page(
    served: tuple[Serve, Path], page
):
    running, root = served
    expect = playwright.expect
    (root / "personakit.yaml").write_text("title: [unclosed\n")
    banner = page.locator("#personakit-serve-error")
    expect(banner).to_contain_text("personakit.yaml", timeout=5000)
    expect(page.locator("h1")).to_contain_text("Olivia")  # the last good page, still there
    (root / "personakit.yaml").write_text(
        (Path(__file__).parents[1] / "personakit.yaml").read_text()
    )
    expect(banner).to_have_count(0, timeout=5000)
    assert running.proc.poll() is None
