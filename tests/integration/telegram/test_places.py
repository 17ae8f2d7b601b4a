"""Services near me: the place keyboard, a shared location (rounded before it leaves), cards."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import sender_of, tracker_events
from tests.integration.telegram.helpers import cards, data_of

pytestmark = pytest.mark.stack

LATITUDE, LONGITUDE = 50.937531, 6.960279  # Köln, at a doorstep


def test_services_near_a_shared_location(stack: RunningStack, new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("de")
    user.send("Ich brauche eine Migrationsberatung")
    [answer] = user.replies()
    near = next(d for row in data_of(answer) for d in row if d.startswith("/find_service"))

    user.press(answer, near)
    asked = user.replies(lambda got: any(g.reply_keyboard for g in got))
    [keyboard] = [g for g in asked if g.reply_keyboard]
    [[share]] = keyboard.reply_keyboard
    assert share["request_location"] is True

    user.send_location(LATITUDE, LONGITUDE)
    found = user.replies(lambda got: bool(cards(got)), timeout=60)
    card = cards(found)[0]
    assert "km" in card.text and "🗺" in card.text
    assert '<a href="https://www.openstreetmap.org/' in card.text  # the map link, as a link

    events = tracker_events(stack, sender_of(stack, user.user_id))
    texts = [e.get("text") or "" for e in events if e.get("event") == "user"]
    assert '/inform_location{"lat":50.94,"lon":6.96}' in texts
    stored = json.dumps(events)
    assert "50.937531" not in stored and "6.960279" not in stored


def test_services_near_a_postal_code(new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("de")
    user.send("/start")
    user.replies()
    user.send("Beratungsstelle in der Nähe")
    user.replies()
    user.send("50667")
    found = user.replies(lambda got: bool(cards(got)), timeout=60)
    assert cards(found)
