"""Render the example workspace and screenshot each page kind at desktop and phone
width into docs/images/ (shown in README.md). Needs the test extras (Playwright) and
Debian's Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/images]

The render uses the example's fixed date, so the pictures change only when the pages do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from personakit.render import render

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)  # the example workspace's "today"
SIZES = {"desktop": (1280, 1000), "phone": (390, 844)}
PAGES = {
    "index": "index.html",
    "persona": "personas/ops-admin.html",
    "journey": "journeys/onboarding.html",
    "note": "notes/p01.html",
    "decision": "decisions/2026-10-12-split-onboarding.html",
    "evidence": "evidence.html",
}


def shoot(site: Path, images: Path, browser: Browser | None = None) -> list[Path]:
    """Screenshot every page kind at every size (with `browser`, or a Chromium of its
    own); the paths written."""
    if browser is None:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            sys.exit("needs Chromium (apt-get install chromium)")
        with sync_playwright() as p:
            own = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                return shoot(site, images, own)
            finally:
                own.close()
    written = []
    for kind, page_path in PAGES.items():
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto((site / page_path).as_uri())
            path = images / f"{kind}-{size}.png"
            page.screenshot(path=str(path))
            written.append(path)
            page.close()
    return written


def main() -> None:
    """Render the example into a temporary folder and screenshot it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        render(REPO, site, today=TODAY, cache=False)
        written = shoot(site, args.out)
    print("wrote", ", ".join(p.name for p in written))


if __name__ == "__main__":
    main()
