"""Faults mid-conversation of several people: the action server is killed, then Rasa. Everyone keeps
getting the menu's answers and the emergency numbers, each message exactly one reply (nothing lost,
nothing doubled), and free text is understood again within 30 s of the part being back."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.integration.telegram.helpers import first_paragraph

pytestmark = pytest.mark.stack

PEOPLE = 5
RECOVERY_SECONDS = 30.0


def one_reply(user: TelegramUser, send: Callable[[], object]) -> str:
    send()
    got = user.replies()
    assert len(got) == 1, f"expected exactly one reply, got {len(got)}"
    return got[0].text


def while_down(stack: RunningStack, people: list[TelegramUser]) -> None:
    """Everyone at once: a menu answer from the database and the emergency numbers, one reply each."""
    housing = first_paragraph(published(stack, "housing_search", "en"))

    def conversation(user: TelegramUser) -> None:
        menu = user.seen[max(user.seen)]
        answer = one_reply(user, lambda: user.press(menu, "/housing_search"))
        assert first_paragraph(answer) == housing
        emergency = one_reply(user, lambda: user.send("my husband is hitting me"))
        assert emergency.startswith(translate("en", m.EMERGENCY_HEADER))

    with ThreadPoolExecutor(len(people)) as pool:
        list(pool.map(conversation, people))


def recovers(stack: RunningStack, people: list[TelegramUser]) -> float:
    """Seconds until everyone's free text is understood again."""
    insurance = first_paragraph(published(stack, "health_insurance", "en"))
    back = time.monotonic()

    def conversation(user: TelegramUser) -> float:
        while True:
            text = one_reply(user, lambda: user.send("How do I get health insurance?"))
            if first_paragraph(text) == insurance:
                return time.monotonic() - back
            assert text == translate("en", m.DEGRADED)
            assert time.monotonic() - back < RECOVERY_SECONDS, "not understood again within 30 s"
            time.sleep(1)

    with ThreadPoolExecutor(len(people)) as pool:
        return max(pool.map(conversation, people))


def test_action_server_then_rasa_killed_mid_conversation(
    stack: RunningStack, new_user: Callable[..., TelegramUser], rasa_comes_back: None
) -> None:
    people = [new_user("en") for _ in range(PEOPLE)]
    for user in people:
        one_reply(user, lambda user=user: user.send("/menu"))  # type: ignore[misc]

    stack.kill("actions")
    while_down(stack, people)
    stack.restart("actions")
    actions_back = recovers(stack, people)

    stack.kill("rasa")
    while_down(stack, people)
    stack.restart("rasa")
    rasa_back = recovers(stack, people)
    print(f"\nrecovered {actions_back:.1f} s after the action server, {rasa_back:.1f} s after Rasa")
