"""Honest when unsure on the chat page: "did you mean", "something else" to a person, asked once.

A real browser against the real stack (Rasa, action server, web app, database).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.menu import topic_title
from bot.replies.rtl import LRI, PDI
from tests.auxil.browser import screenshot
from tests.auxil.stack import RunningStack
from tests.auxil.unsure import an_unsure_message, kept

pytestmark = [pytest.mark.stack, pytest.mark.browser]

OTHER_NEED_QUESTION = "meine frage ist nicht in der liste, tel 0176 5550 3829"


def de(msgid: str) -> str:
    return translate("de", msgid)


def open_chat(chromium: Browser, stack: RunningStack) -> Page:
    """A new visitor (their own cookie, so their own conversation) on the chat page, German chosen."""
    page = chromium.new_context().new_page()
    page.goto(f"{stack.settings.web_url}/chat")
    page.get_by_label("Sprache / Language").select_option("de")
    return page


def wait_for_reply(page: Page, before: int) -> str:
    expect(page.locator(".msg.bot")).not_to_have_count(before, timeout=60_000)
    shown = "\n".join(page.locator(".msg.bot").all_inner_texts()[before:])
    return shown.replace(LRI, "").replace(PDI, "")


def write(page: Page, text: str) -> str:
    """Type ``text``, send it, and return what the bot shows in reply."""
    before = page.locator(".msg.bot").count()
    page.get_by_label("Nachricht / Message").fill(text)
    page.get_by_label("Nachricht / Message").press("Enter")
    return wait_for_reply(page, before)


def press(page: Page, title: str) -> str:
    """Press the newest button called ``title`` and return what the bot shows in reply."""
    before = page.locator(".msg.bot").count()
    page.get_by_role("button", name=title, exact=True).last.click()
    return wait_for_reply(page, before)


def test_did_you_mean_then_something_else_gives_a_person_and_no_keeps_nothing(
    stack: RunningStack, chromium: Browser
) -> None:
    text, offered = an_unsure_message(stack)
    page = open_chat(chromium, stack)
    shown = write(page, text)
    assert de(m.DID_YOU_MEAN) in shown
    newest = page.locator(".msg.bot").last
    expect(newest.get_by_role("button", name=topic_title("de", offered[0].lstrip("/")))).to_be_visible()
    expect(newest.get_by_role("button", name=de(m.BUTTON_SOMETHING_ELSE))).to_be_visible()
    expect(newest.get_by_role("button", name=de(m.BUTTON_COUNSELLOR))).to_be_visible()
    expect(page.get_by_role("button", name=de(m.BUTTON_YES), exact=True)).to_have_count(0)
    screenshot(page, "chat-did-you-mean")

    shown = press(page, de(m.BUTTON_SOMETHING_ELSE))
    assert "mbeon" in shown and de(m.INBOX_ASK) in shown
    expect(page.get_by_role("button", name=de(m.BUTTON_COUNSELLING_NEAR_ME))).to_be_visible()
    screenshot(page, "chat-other-need")
    count = len(kept(stack))
    assert de(m.INBOX_NOT_KEPT) in press(page, de(m.BUTTON_NO))
    assert len(kept(stack)) == count

    # asked once per conversation: the next need without an answer gets the person, no question
    shown = write(page, OTHER_NEED_QUESTION)
    assert "mbeon" in shown and de(m.INBOX_ASK) not in shown
    assert len(kept(stack)) == count
    page.context.close()


def test_yes_keeps_the_question_without_the_number(stack: RunningStack, chromium: Browser) -> None:
    page = open_chat(chromium, stack)
    shown = write(page, OTHER_NEED_QUESTION)
    assert "mbeon" in shown and de(m.INBOX_ASK) in shown
    before = kept(stack)
    assert de(m.INBOX_KEPT) in press(page, de(m.BUTTON_YES))
    new = [row for row in kept(stack) if row not in before]
    assert new == [("meine frage ist nicht in der liste, tel [number]", "de", "other_need")]
    page.context.close()
