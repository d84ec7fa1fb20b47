"""Render the example workspace and screenshot a persona card and the journey map for
the README (docs/images/). Needs the test extras and Debian's Chromium.

    .venv/bin/python scripts/readme_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from personakit.render import render

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
SHOTS = {
    "persona-card.png": ("personas/ops-admin.html", 1100, 1250),
    "journey-map.png": ("journeys/onboarding.html", 1400, 1100),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        render(REPO, out, today=dt.date(2026, 11, 24))
        IMAGES.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            for name, (page_path, width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto((out / page_path).as_uri())
                if name == "persona-card.png":
                    page.locator("#claim-integration-stall details").evaluate("d => d.open = true")
                page.screenshot(path=str(IMAGES / name))
                page.close()
            browser.close()
    print("wrote", ", ".join(str((IMAGES / n).relative_to(REPO)) for n in SHOTS))


if __name__ == "__main__":
    main()
