"""Headless Chromium for browser tests: Debian's package (scripts/test-setup.sh installs it).

Playwright's own browser download cannot work here, so Playwright drives ``/usr/bin/chromium``. When
``WEGWEISER_SCREENSHOTS`` names a folder, tests save screenshots of the main pages there
(``WEGWEISER_SCREENSHOTS=docs/screenshots pytest -m browser`` refreshes the documentation's).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

__all__ = ["Browser", "Page", "launch_chromium", "screenshot"]


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/test-setup.sh (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot for the docs, when asked to (see the module docstring)."""
    folder = os.environ.get("WEGWEISER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
