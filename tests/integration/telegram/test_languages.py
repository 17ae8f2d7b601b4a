"""Language picker, and a question in Arabic answered in Arabic, right to left."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.rtl import LRI
from bot.topics import REGISTRY
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import TelegramUser
from tests.integration.telegram.helpers import (
    COUNSELLOR,
    data_of,
    first_paragraph,
    has_menu,
    unisolated,
)

pytestmark = pytest.mark.stack
ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_picker_is_preselected_and_the_choice_holds(new_user: Callable[..., TelegramUser]) -> None:
    user = new_user("ar-SA")
    user.send("/start")
    [greeting] = user.replies()
    titles = [title for row in greeting.buttons for title, _ in row]
    assert "✓ العربية" in titles
    assert {t.removeprefix("✓ ") for t in titles} >= {"Deutsch", "English", "Українська", "Türkçe"}

    german = greeting.button(lambda title, data: title == "Deutsch")
    user.press(greeting, german)
    [chosen] = user.replies(lambda got: any(has_menu(g) for g in got))
    assert unisolated(chosen.text) == translate("de", m.LANGUAGE_SET)
    housing = translate("de", REGISTRY.groups["housing"].title)
    assert any(housing in title for row in chosen.buttons for title, _ in row)

    user.send("/privacy")  # the adapter's own texts follow the choice too
    [privacy] = user.replies()
    assert unisolated(privacy.text).startswith(translate("de", m.PRIVACY).split("\n")[0])


def test_a_question_in_arabic_is_answered_in_arabic_right_to_left(
    stack: RunningStack, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("de")
    user.send("كيف اعمل تأمين صحي في ألمانيا؟")
    [answer] = user.replies()
    expected = published(stack, "health_insurance", "ar")
    assert ARABIC.search(answer.text)
    assert first_paragraph(unisolated(answer.text)) == first_paragraph(expected)
    if re.search(r"[A-Za-z0-9]", expected):
        assert LRI in answer.text  # Latin words and numbers are isolated

    user.send("/menu")
    [menu] = user.replies()
    rows = data_of(menu)
    assert rows[0] == [COUNSELLOR, "/find_service"]  # rows read right to left: near me first, on the right
