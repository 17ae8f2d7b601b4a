"""/delete forgets the conversation at once and says so."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.auxil.telegram_stack import sender_of, tracker_events

pytestmark = pytest.mark.stack


def test_delete_removes_the_conversation_at_once(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("en")
    user.send("How do I get health insurance?")
    user.replies()
    sender = sender_of(stack, user.user_id)
    assert any(e.get("event") == "user" for e in tracker_events(stack, sender))

    user.send("/delete")
    [done] = user.replies()
    assert done.text.startswith(translate("en", m.CONVERSATION_DELETED))
    assert translate("en", m.DELETE_TELEGRAM_NOTE) in done.text
    assert tracker_events(stack, sender) == []

    user.send("/privacy")  # the conversation starts afresh; nothing of the old one remains
    user.replies()
    assert all(e.get("event") != "user" for e in tracker_events(stack, sender))
