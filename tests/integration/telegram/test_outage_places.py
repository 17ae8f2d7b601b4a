"""While Rasa is down, "services near me" still works from the database, and a language chosen then
still holds once Rasa is back; ``/language <code>`` switches at once."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.menu import topic_title
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, sender_of, tracker_events
from tests.integration.telegram.helpers import cards, first_paragraph, unisolated

pytestmark = pytest.mark.stack

LATITUDE, LONGITUDE = 50.937531, 6.960279  # Köln, at a doorstep


def language_slots(stack: RunningStack, user: TelegramUser) -> list[object]:
    events = tracker_events(stack, sender_of(stack, user.user_id))
    return [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "language"]


def test_language_with_a_code_sets_rasas_language(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("de")
    user.send("/language fa")
    [chosen] = user.replies()
    assert unisolated(chosen.text) == translate("fa", m.LANGUAGE_SET)
    assert set(language_slots(stack, user)) == {"fa"}


def test_near_me_and_a_language_choice_while_rasa_is_down(
    stack: RunningStack,
    adapter: RunningAdapter,
    new_user: Callable[..., TelegramUser],
    rasa_comes_back: None,
) -> None:
    user = new_user("de")
    user.send("Ich brauche eine Migrationsberatung")  # the topic the adapter remembers
    user.replies()

    stack.kill("rasa")
    user.send("/language ar")
    [chosen] = user.replies()
    assert unisolated(chosen.text) == translate("ar", m.LANGUAGE_SET)

    user.send_location(LATITUDE, LONGITUDE)
    closing = translate("ar", m.NEXT_STEPS)
    got = user.replies(lambda got: any(closing in unisolated(g.text) for g in got), timeout=60)
    [listed] = cards(got)
    title = topic_title("ar", "counselling_migration")
    assert unisolated(listed.text).startswith(translate("ar", m.SERVICES_INTRO, topic=title, place="Köln"))
    assert "🗺" in listed.text
    assert "50.937531" not in adapter.log() and "6.960279" not in adapter.log()

    stack.restart("rasa")
    answer = first_paragraph(published(stack, "health_insurance", "ar"))
    deadline = time.monotonic() + 60
    while True:  # asked in German, answered in the Arabic chosen while Rasa was down
        user.send("Wie bekomme ich eine Krankenversicherung?")
        [reply] = user.replies()
        if first_paragraph(unisolated(reply.text)) == answer:
            break
        assert unisolated(reply.text) == translate("ar", m.DEGRADED)
        assert time.monotonic() < deadline, "the adapter did not recover within a minute"
        time.sleep(2)
    events = tracker_events(stack, sender_of(stack, user.user_id))
    said = [str(e.get("text")) for e in events if e.get("event") == "user"]
    assert not any(text.startswith("/inform_location") for text in said)  # answered without Rasa
