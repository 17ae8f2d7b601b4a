"""On the chat page, "where?" has the location button it speaks of, and the position is rounded first.

A real browser against the real stack (Rasa, action server, web app, database), its position set to
Cologne's cathedral. Before, the page showed "Share your location with the button …" and no button.
"""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.sync_api import Browser, expect

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.browser import chat_write, screenshot
from tests.auxil.stack import RunningStack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

CATHEDRAL = {"latitude": 50.941278, "longitude": 6.958281}


def test_the_location_button_finds_services_near_a_rounded_position(
    stack: RunningStack, chromium: Browser
) -> None:
    context = chromium.new_context(geolocation=CATHEDRAL, permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{stack.settings.web_url}/chat")
    page.get_by_label("Sprache / Language").select_option("de")

    shown = chat_write(page, "/find_service")
    assert translate("de", m.ASK_PLACE) in shown
    button = page.locator(".msg.bot").last.get_by_role(
        "button", name=translate("de", m.BUTTON_SHARE_LOCATION)
    )
    expect(button).to_be_visible()
    screenshot(page, "chat-where")

    before = page.locator(".msg.bot").count()
    with page.expect_request("**/chat/message") as sent:
        button.click()
    text = json.loads(sent.value.post_data or "{}")["text"]
    assert text == '/inform_location{"lat":50.94,"lon":6.96}'  # two decimals: the precise position stays
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=60_000)
    reply = "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])
    assert "Köln" in reply and "km" in reply
    context.close()


def test_only_the_chat_page_may_ask_for_the_position(stack: RunningStack) -> None:
    web = stack.settings.web_url
    assert "geolocation=(self)" in httpx.get(f"{web}/chat").headers["Permissions-Policy"]
    for path in ("/staff/login", "/healthz"):
        assert "geolocation=()" in httpx.get(f"{web}{path}").headers["Permissions-Policy"]
