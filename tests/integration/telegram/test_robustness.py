"""Rasa killed mid-conversation: menu answers and emergency numbers go on; free text is declined
honestly; when Rasa is back the adapter understands free text again by itself."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.integration.telegram.helpers import first_paragraph, has_menu

pytestmark = pytest.mark.stack


def test_rasa_down_then_back(
    stack: RunningStack, new_user: Callable[..., TelegramUser], rasa_comes_back: None
) -> None:
    user = new_user("en")
    user.send("How do I get health insurance?")
    [answer] = user.replies()
    insurance = first_paragraph(published(stack, "health_insurance", "en"))
    assert first_paragraph(answer.text) == insurance

    stack.kill("rasa")

    started = time.monotonic()
    user.send("I am looking for a flat")
    [declined] = user.replies()
    assert declined.text == translate("en", m.DEGRADED) and has_menu(declined)
    assert time.monotonic() - started < 10

    user.press(declined, "/housing_search")
    [from_database] = user.replies()
    assert first_paragraph(from_database.text) == first_paragraph(published(stack, "housing_search", "en"))

    user.send("my husband is hitting me")
    [emergency] = user.replies()
    assert emergency.text.startswith(translate("en", m.EMERGENCY_HEADER))

    stack.restart("rasa")
    deadline = time.monotonic() + 60
    while True:
        user.send("How do I get health insurance?")
        [reply] = user.replies()
        if first_paragraph(reply.text) == insurance:
            break
        assert reply.text == translate("en", m.DEGRADED)
        assert time.monotonic() < deadline, "the adapter did not recover within a minute"
        time.sleep(2)
