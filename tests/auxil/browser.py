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
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.replies.rtl import LRI, PDI

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

__all__ = ["Browser", "Page", "chat_press", "chat_write", "launch_chromium", "open_chat", "screenshot"]


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


def open_chat(browser: Browser, web_url: str, language: str = "de") -> Page:
    """A new visitor (their own cookie, so their own conversation) on the chat page, ``language`` chosen."""
    page = browser.new_context().new_page()
    page.goto(f"{web_url}/chat")
    page.get_by_label("Sprache / Language").select_option(language)
    return page


def _bot_reply(page: Page, before: int) -> str:
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=60_000)
    shown = "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])
    return shown.replace(LRI, "").replace(PDI, "")  # the invisible isolation marks, as a person reads it


def chat_write(page: Page, text: str) -> str:
    """Type ``text`` on the chat page, send it, and return what the bot shows in reply."""
    before = page.locator(".msg.bot").count()
    page.get_by_label("Nachricht / Message").fill(text)
    page.get_by_label("Nachricht / Message").press("Enter")
    return _bot_reply(page, before)


def chat_press(page: Page, title: str) -> str:
    """Press the newest chat button called ``title`` and return what the bot shows in reply."""
    before = page.locator(".msg.bot").count()
    page.get_by_role("button", name=title, exact=True).last.click()
    return _bot_reply(page, before)
