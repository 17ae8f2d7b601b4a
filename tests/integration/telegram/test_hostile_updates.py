"""What a broken Bot API server or a hostile client sends must stop no one and leak nothing.

A location without longitude (python-telegram-bot cannot parse it) used to fail its whole batch, was
logged at CRITICAL with everyone's names and coordinates, and — since Telegram sends an update again
until it is confirmed — was fetched again in a tight loop while nobody was answered. A forged
``/restart`` button (any client can send any callback data) used to put everyone into outage mode.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.privacy import integer_forms, text_forms, traces
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter
from tests.integration.telegram.helpers import first_paragraph

pytestmark = pytest.mark.stack

LATITUDE = 50.9375312


def test_a_malformed_update_is_skipped_and_never_logged(
    stack: RunningStack,
    bot_api: LocalBotApi,
    adapter: RunningAdapter,
    new_user: Callable[..., TelegramUser],
) -> None:
    broken = new_user("en", first_name="Quirinella", last_name="Vasskjold-Umbe", username="qvu_broken_loc")
    other = new_user("en", first_name="Bartholomea", last_name="Ystrand-Kell", username="byk_other_9")
    log_before = len(adapter.log())
    bot_api.send_raw_updates(
        [
            broken.raw_message(location={"latitude": LATITUDE}),  # no longitude: cannot be parsed
            other.raw_message(text="How do I get health insurance?"),
        ]
    )
    started = time.monotonic()
    [answer] = other.replies()
    assert first_paragraph(answer.text) == first_paragraph(published(stack, "health_insurance", "en"))
    assert time.monotonic() - started < 15, "the other person waited for the broken update"

    broken.send("How do I get health insurance?")  # the bot is not stuck on the broken update
    [own] = broken.replies()
    assert first_paragraph(own.text) == first_paragraph(answer.text)

    log = adapter.log()[log_before:]
    assert "could not be read; skipped" in log
    assert log.count("could not be read") <= 2, "the broken update was fetched again and again"
    needles = {}
    for person in (broken, other):
        needles[f"{person.first_name}'s id"] = integer_forms(person.user_id)
        needles[f"{person.first_name}'s names"] = text_forms(person.first_name) + text_forms(person.last_name)
        needles[f"{person.first_name}'s username"] = text_forms(person.username)
    needles["the exact latitude"] = text_forms(str(LATITUDE))
    logs = [stack.settings.var / "log", adapter.settings.var / "log"]
    assert traces(logs, needles) == []


def test_a_forged_restart_button_is_refused_for_that_message_only(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    forger, other = new_user("en"), new_user("en")
    forger.send("/menu")
    [menu] = forger.replies()
    for forged in ("/restart", "/session_start", "/nlu_fallback"):
        forger.press(menu, forged)
        [refused] = forger.replies()  # as an unknown command: the menu, and the engine untouched
        assert refused.text == translate("en", m.HELP) and refused.buttons
    other.send("How do I get health insurance?")
    [answer] = other.replies()
    assert answer.text != translate("en", m.DEGRADED)
    assert first_paragraph(answer.text) == first_paragraph(published(stack, "health_insurance", "en"))
