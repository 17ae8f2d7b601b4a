"""The anonymity proof: a scripted conversation through a local Bot API server — text, a shared
location, buttons, a voice note, a shared contact, /delete — then every file the stack wrote
(content database, tracker store, logs, models) is searched for the person: none of their Telegram
user id, chat id, first name, last name, username, phone number or precise coordinates may be found."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.auxil.privacy import integer_forms, text_forms, traces
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, sender_of, tracker_events
from tests.integration.telegram.helpers import MENU_HEALTH, data_of

pytestmark = pytest.mark.stack

LATITUDE, LONGITUDE = 51.339712, 12.373081  # Leipzig, at a doorstep
PHONE = "+4915712345678"


def test_nothing_we_keep_points_at_the_person(
    stack: RunningStack, adapter: RunningAdapter, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("uk-UA", first_name="Oleksandra", last_name="Wyschnewezkyj", username="o_wysch_wegtest")
    user.send("/start")
    [greeting] = user.replies()
    user.press(greeting, greeting.button(lambda title, data: "Українська" in title))
    user.replies()
    user.send("Мене звати Oleksandra, мені потрібна квартира")  # people do write their names
    user.replies()
    user.send("/menu")
    [menu] = user.replies()
    user.press(menu, MENU_HEALTH)
    [health] = user.replies(lambda got: bool(got))
    user.press(health, data_of(health)[0][0])
    user.replies()
    user.send("Послуги поруч")
    user.replies()
    user.send_location(LATITUDE, LONGITUDE)
    user.replies(timeout=60)
    user.send_voice()
    user.replies()
    user.send_contact(PHONE)
    user.replies()

    sender = sender_of(stack, user.user_id)
    assert tracker_events(stack, sender), "the conversation reached Rasa under its pseudonym"

    needles = {
        "user id": integer_forms(user.user_id),
        "chat id": integer_forms(user.user_id),  # a private chat's id is the user's id
        "first name in a profile": text_forms(f'"{user.first_name}"'),
        "last name": text_forms(user.last_name),
        "username": text_forms(user.username),
        "phone number": text_forms(PHONE) + text_forms(PHONE.removeprefix("+")),
        "precise latitude": text_forms(f"{LATITUDE}") + text_forms(f"{LATITUDE:.5f}"),
        "precise longitude": text_forms(f"{LONGITUDE}") + text_forms(f"{LONGITUDE:.5f}"),
    }
    roots = [stack.settings.var, stack.settings.models]
    assert traces(roots, needles) == []

    user.send("/delete")
    user.replies()
    assert tracker_events(stack, sender) == []
    needles["first name"] = text_forms(user.first_name)
    assert traces(roots, needles) == []
    assert "квартира" not in adapter.log()
