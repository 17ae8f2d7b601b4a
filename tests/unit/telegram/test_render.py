"""A reply rendered for Telegram: texts packed, buttons as keyboards, picker, place keyboard, one pin."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, LanguagePicker, Meta, Reply, RequestLocation, ServiceCard, Text
from bot.replies.fixed import other_language
from bot.replies.rtl import LRI
from bot.telegram.render import Text as TelegramText
from bot.telegram.render import render
from bot.telegram.venues import Venue
from tests.unit.replies.test_cards import CARD


def texts(reply: Reply) -> list[TelegramText]:
    return [message for message in render(reply).messages if isinstance(message, TelegramText)]


def test_paragraph_messages_become_one_telegram_message() -> None:
    reply = Reply(Meta("en", "housing_search"), (Text("First."), Text("Second."), Text("Third.")))
    assert [t.plain for t in texts(reply)] == ["First.\n\nSecond.\n\nThird."]


def test_buttons_go_under_their_text() -> None:
    reply = Reply(Meta("en", "housing_search"), (Text("Answer.", (Button("Near me", "/find_service"),)),))
    [message] = texts(reply)
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert message.markup.inline_keyboard[0][0].callback_data == "/find_service"


def test_a_payload_too_long_for_telegram_is_left_out_not_sent_broken() -> None:
    reply = Reply(Meta("en", None), (Text("Answer.", (Button("Too long", "/x" + "y" * 80),)),))
    [message] = texts(reply)
    assert message.markup is None


def test_language_picker_goes_under_the_question() -> None:
    reply = Reply(Meta("en", "choose_language"), (LanguagePicker(), Text("Please choose your language:")))
    [message] = texts(reply)
    assert message.plain == "Please choose your language:"
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert len([b for row in message.markup.inline_keyboard for b in row]) == 10


def test_request_location_opens_the_place_keyboard() -> None:
    reply = Reply(Meta("en", "find_service"), (RequestLocation(), Text("Where?")))
    [message] = texts(reply)
    assert isinstance(message.markup, ReplyKeyboardMarkup)
    assert render(reply).asks_for_place


def test_a_lone_request_location_still_asks() -> None:
    [message] = texts(Reply(Meta("en", None), (RequestLocation(),)))
    assert message.plain == translate("en", m.ASK_PLACE)


def test_a_list_of_services_is_one_message_and_one_map_pin() -> None:
    reply = Reply(
        Meta("en", "find_service"),
        (
            Text("Near you:"),
            ServiceCard(CARD),
            ServiceCard({**CARD, "name": "Second"}),
            Text("More?", (Button("Other topics", "/help"),)),
        ),
    )
    messages = render(reply).messages
    assert [type(message).__name__ for message in messages] == ["Text", "Venue"]
    first = messages[0]
    assert isinstance(first, TelegramText) and "Near you:" in first.plain and "Second" in first.plain
    assert first.plain.rstrip().endswith("More?") and first.markup is not None
    venue = messages[1]
    assert isinstance(venue, Venue) and venue.title == CARD["name"]  # the nearest only


def test_arabic_replies_are_isolated() -> None:
    [message] = texts(Reply(Meta("ar", None), (Text("اتصل على 116 117"),)))
    assert f"{LRI}116 117" in message.plain


def test_right_to_left_button_rows_read_right_to_left() -> None:
    buttons = (Button("أ", "/a"), Button("ب", "/b"))
    [message] = texts(Reply(Meta("ar", None), (Text("؟", buttons),)))
    assert isinstance(message.markup, InlineKeyboardMarkup)
    assert [b.callback_data for b in message.markup.inline_keyboard[0]] == ["/b", "/a"]


def test_a_language_the_bot_does_not_speak_gets_the_picker_under_both_notes() -> None:
    """The note says "the languages below" in the reply language and in English: the picker comes
    after both, not between them."""
    messages = texts(other_language("de"))
    assert "Ihre Sprache kann ich noch nicht lesen" in messages[0].plain
    assert "I cannot read your language yet" in "\n".join(m.plain for m in messages[:-1])
    assert all(m.markup is None for m in messages[:-1])
    assert isinstance(messages[-1].markup, InlineKeyboardMarkup)
    assert len([b for row in messages[-1].markup.inline_keyboard for b in row]) == 10
