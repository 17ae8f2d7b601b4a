"""Honest when unsure, in Telegram: "did you mean", "something else" to a person, the consent buttons.

Through the real adapter, Rasa and the action server; only Telegram's cloud is the local Bot API.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.unsure import COUNSELLING_TOPIC, OTHER_NEED
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import BotMessage, TelegramUser
from tests.auxil.unsure import NO, YES, an_unsure_message, kept, kept_since
from tests.integration.telegram.helpers import COUNSELLOR, data_of, unisolated

pytestmark = pytest.mark.stack

SOMETHING_ELSE = f"/{OTHER_NEED}"
COUNSELLING_NEAR_ME = f'/find_service{{"topic":"{COUNSELLING_TOPIC}","kind":"counsel"}}'


def shown(message: BotMessage) -> str:
    """The text as a person reads it (entities resolved, isolation marks dropped)."""
    return unisolated(html.unescape(message.text))


def buttons(got: list[BotMessage]) -> list[str]:
    return [data for message in got for row in data_of(message) for data in row]


def consent_message(got: list[BotMessage]) -> BotMessage:
    [question] = [g for g in got if YES in buttons([g])]
    return question


def test_did_you_mean_then_something_else_then_yes_keeps_the_question(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    text, offered = an_unsure_message(stack)
    user = new_user("de")
    user.send(text)
    unsure = user.replies()
    [question] = [g for g in unsure if SOMETHING_ELSE in buttons([g])]
    assert shown(question).startswith(translate("de", m.DID_YOU_MEAN))
    assert offered[0] in buttons([question]) and COUNSELLOR in buttons([question])
    assert YES not in buttons(unsure)  # a topic may still be chosen: no consent question yet

    user.press(question, SOMETHING_ELSE)
    person = user.replies()
    assert any("mbeon" in shown(g) for g in person)
    assert COUNSELLING_NEAR_ME in buttons(person)
    consent = consent_message(person)
    assert shown(consent) == translate("de", m.INBOX_ASK)
    assert buttons([consent]) == [YES, NO]

    before = kept(stack)
    user.press(consent, YES)
    [thanks] = user.replies()
    assert shown(thanks) == translate("de", m.INBOX_KEPT)
    assert kept_since(stack, before) == [(text, "de", offered[0].lstrip("/"))]

    # asked once: the next need without an answer gets the person, not the question again
    user.send("meine frage ist nicht in der liste")
    again = user.replies()
    assert COUNSELLING_NEAR_ME in buttons(again) and YES not in buttons(again)


def test_no_keeps_nothing(stack: RunningStack, new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("uk")
    user.send("Як обміняти водійські права на німецькі? Мого питання немає в списку")
    person = user.replies()
    if SOMETHING_ELSE in buttons(person):  # unsure first: "something else" leads to the same place
        [question] = [g for g in person if SOMETHING_ELSE in buttons([g])]
        user.press(question, SOMETHING_ELSE)
        person = user.replies()
    assert COUNSELLING_NEAR_ME in buttons(person)
    consent = consent_message(person)
    assert shown(consent) == translate("uk", m.INBOX_ASK)
    count = len(kept(stack))
    user.press(consent, NO)
    [answer] = user.replies()
    assert shown(answer) == translate("uk", m.INBOX_NOT_KEPT)
    assert len(kept(stack)) == count
