"""Honest when unsure on the chat page: "did you mean", "something else" to a person, asked once.

A real browser against the real stack (Rasa, action server, web app, database).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.menu import topic_title
from tests.auxil.browser import chat_press, chat_write, open_chat, screenshot
from tests.auxil.stack import RunningStack
from tests.auxil.unsure import an_unsure_message, kept, kept_since

pytestmark = [pytest.mark.stack, pytest.mark.browser]

OTHER_NEED_QUESTION = "meine frage ist nicht in der liste, tel 0176 5550 3829"


def de(msgid: str) -> str:
    return translate("de", msgid)


def test_did_you_mean_then_something_else_gives_a_person_and_no_keeps_nothing(
    stack: RunningStack, chromium: Browser
) -> None:
    text, offered = an_unsure_message(stack)
    page = open_chat(chromium, stack.settings.web_url)
    shown = chat_write(page, text)
    assert de(m.DID_YOU_MEAN) in shown
    newest = page.locator(".msg.bot").last
    expect(newest.get_by_role("button", name=topic_title("de", offered[0].lstrip("/")))).to_be_visible()
    expect(newest.get_by_role("button", name=de(m.BUTTON_SOMETHING_ELSE))).to_be_visible()
    expect(newest.get_by_role("button", name=de(m.BUTTON_COUNSELLOR))).to_be_visible()
    expect(page.get_by_role("button", name=de(m.BUTTON_YES), exact=True)).to_have_count(0)
    screenshot(page, "chat-did-you-mean")

    shown = chat_press(page, de(m.BUTTON_SOMETHING_ELSE))
    assert "mbeon" in shown and de(m.INBOX_ASK) in shown
    expect(page.get_by_role("button", name=de(m.BUTTON_COUNSELLING_NEAR_ME))).to_be_visible()
    screenshot(page, "chat-other-need")
    count = len(kept(stack))
    assert de(m.INBOX_NOT_KEPT) in chat_press(page, de(m.BUTTON_NO))
    assert len(kept(stack)) == count

    # asked once per conversation: the next need without an answer gets the person, no question
    shown = chat_write(page, OTHER_NEED_QUESTION)
    assert "mbeon" in shown and de(m.INBOX_ASK) not in shown
    assert len(kept(stack)) == count
    page.context.close()


def test_yes_keeps_the_question_without_the_number(stack: RunningStack, chromium: Browser) -> None:
    page = open_chat(chromium, stack.settings.web_url)
    shown = chat_write(page, OTHER_NEED_QUESTION)
    assert "mbeon" in shown and de(m.INBOX_ASK) in shown
    before = kept(stack)
    assert de(m.INBOX_KEPT) in chat_press(page, de(m.BUTTON_YES))
    new = kept_since(stack, before)
    assert new == [("meine frage ist nicht in der liste, tel [number]", "de", "other_need")]
    page.context.close()
