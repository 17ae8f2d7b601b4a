"""Topic menu navigation by buttons, answers from what staff published."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import sender_of, tracker_events
from tests.integration.telegram.helpers import (
    COUNSELLOR,
    MENU_BACK,
    MENU_HOUSING,
    data_of,
    first_paragraph,
)

pytestmark = pytest.mark.stack


def test_menu_groups_topics_and_answers(stack: RunningStack, new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("en")
    user.send("/menu")
    [menu] = user.replies()
    assert menu.text == translate("en", m.HELP)

    user.press(menu, MENU_HOUSING)
    [edited] = user.replies(lambda got: bool(got))
    assert edited.message_id == menu.message_id  # the same message, now with the housing topics
    assert [row[0] for row in data_of(edited)] == [
        "/housing_search",
        "/housing_leave_shelter",
        "/housing_homeless",
        "/housing_tenancy",
        COUNSELLOR,
        MENU_BACK,
    ]

    user.press(edited, "/housing_tenancy")
    [answer] = user.replies()
    assert first_paragraph(answer.text) == first_paragraph(published(stack, "housing_tenancy", "en"))
    assert any(data.startswith("/find_service") for row in data_of(answer) for data in row)

    user.press(edited, MENU_BACK)
    [back] = user.replies(lambda got: bool(got))
    assert MENU_HOUSING in [d for row in data_of(back) for d in row]


def test_help_in_words_brings_the_menu(new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("en")
    user.send("what can you do for me")
    [reply] = user.replies()
    assert MENU_HOUSING in [d for row in data_of(reply) for d in row]


def test_voice_and_stickers_get_a_kind_pointer_and_nothing_is_kept(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("en")
    user.send("hello")
    user.replies()
    before = tracker_events(stack, sender_of(stack, user.user_id))
    user.send_voice()
    [reply] = user.replies()
    assert reply.text == translate("en", m.UNSUPPORTED_MESSAGE)
    assert MENU_HOUSING in [d for row in data_of(reply) for d in row]
    assert tracker_events(stack, sender_of(stack, user.user_id)) == before
