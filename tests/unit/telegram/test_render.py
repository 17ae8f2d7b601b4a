"""The reply contract rendered for Telegram: texts packed, buttons, cards, picker, place keyboard."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.i18n import messages as m
from bot.i18n import translate
from bot.telegram.cards import Venue
from bot.telegram.render import Text, adapter_text, render
from bot.telegram.rtl import LRI
from tests.unit.telegram.test_cards import CARD


def meta(language: str = "en", intent: str = "housing_search", rtl: bool = False) -> dict[str, Any]:
    return {
        "custom": {
            "type": "meta",
            "language": language,
            "rtl": rtl,
            "intent": intent,
            "topic": None,
            "language_fallback": False,
        }
    }


def texts(result: Any) -> list[Text]:
    return [message for message in result.messages if isinstance(message, Text)]


def test_rasa_paragraph_messages_become_one_telegram_message() -> None:
    replies = [meta(), {"text": "First."}, {"text": "Second."}, {"text": "Third."}]
    result = render(replies, fallback_language="de")
    assert [t.plain for t in texts(result)] == ["First.\n\nSecond.\n\nThird."]
    assert result.language == "en" and not result.rtl


def test_buttons_go_under_their_text() -> None:
    buttons = [{"title": "Services near me", "payload": "/find_service"}]
    result = render([meta(), {"text": "Answer.", "buttons": buttons}], fallback_language="de")
    [message] = texts(result)
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert message.markup.inline_keyboard[0][0].callback_data == "/find_service"


def test_language_picker_goes_under_the_question() -> None:
    replies = [
        meta(intent="choose_language"),
        {"custom": {"type": "language_picker"}},
        {"text": "Please choose your language:"},
    ]
    result = render(replies, fallback_language="de")
    [message] = texts(result)
    assert message.plain == "Please choose your language:"
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert len([b for row in message.markup.inline_keyboard for b in row]) == 10
    assert result.shows_picker


def test_request_location_opens_the_place_keyboard() -> None:
    replies = [meta(intent="find_service"), {"custom": {"type": "request_location"}}, {"text": "Where?"}]
    result = render(replies, fallback_language="de")
    [message] = texts(result)
    assert isinstance(message.markup, ReplyKeyboardMarkup)
    assert result.asks_for_place


def test_a_lone_request_location_still_asks() -> None:
    result = render([meta(), {"custom": {"type": "request_location"}}], fallback_language="de")
    [message] = texts(result)
    assert message.plain == translate("en", m.ASK_PLACE)


def test_cards_are_packed_and_followed_by_venues_then_the_rest() -> None:
    replies = [
        meta(intent="find_service"),
        {"text": "Near you:"},
        {"custom": {"type": "service_card", "service": CARD}},
        {"custom": {"type": "service_card", "service": {**CARD, "name": "Second"}}},
        {"text": "More?", "buttons": [{"title": "Other topics", "payload": "/help"}]},
    ]
    result = render(replies, fallback_language="de")
    kinds = [type(message).__name__ for message in result.messages]
    assert kinds == ["Text", "Venue", "Venue", "Text"]
    first = result.messages[0]
    assert isinstance(first, Text) and "Near you:" in first.plain and "Second" in first.plain
    assert isinstance(result.messages[1], Venue)


def test_menu_goes_under_greeting_help_and_language_replies() -> None:
    result = render([meta(intent="help"), {"text": "I can help."}], fallback_language="de")
    [message] = texts(result)
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert any(b.callback_data == "menu:housing" for row in message.markup.inline_keyboard for b in row)
    plain = render([meta(intent="housing_search"), {"text": "Answer."}], fallback_language="de")
    assert texts(plain)[0].markup is None


def test_arabic_replies_are_isolated_and_fall_back_to_the_session_language() -> None:
    replies = [meta("ar", rtl=True), {"text": "اتصل على 116 117"}]
    [message] = texts(render(replies, fallback_language="de"))
    assert f"{LRI}116 117" in message.plain
    no_meta = render([{"text": "اتصل على 116 117"}], fallback_language="fa")
    assert no_meta.language == "fa" and no_meta.rtl


def test_adapter_texts_are_in_the_language_given() -> None:
    result = adapter_text("en", m.PRIVACY, minutes=30, operator="Caritas", contact="x@y.org")
    [message] = texts(result)
    assert "30" in message.plain and "Caritas" in message.plain
