"""Keyboards: the language picker, the topic menu, reply buttons and the place keyboard."""

from __future__ import annotations

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import languages
from bot.telegram.keyboards import (
    MENU_PREFIX,
    group_menu,
    language_picker,
    parse_payload,
    payload,
    place_keyboard,
    reply_buttons,
    topic_menu,
)
from bot.topics import MENU


def titles(markup: object) -> list[list[str]]:
    return [[b.text for b in row] for row in markup.inline_keyboard]  # type: ignore[attr-defined]


def test_picker_shows_every_language_in_its_own_name_and_ticks_the_preselected() -> None:
    picker = language_picker("ar")
    flat = [t for row in titles(picker) for t in row]
    names = [lang.name for lang in languages().values()]
    assert [t.removeprefix("✓ ") for t in flat] == names
    assert "✓ العربية" in flat and sum(t.startswith("✓") for t in flat) == 1
    data = [b.callback_data for row in picker.inline_keyboard for b in row]
    assert '/choose_language{"language": "ar"}' in data
    assert all(len(d.encode()) <= 64 for d in data)


def test_topic_menu_has_every_group_and_rows_read_right_to_left_in_arabic() -> None:
    english = titles(topic_menu("en"))
    arabic = titles(topic_menu("ar"))
    assert len([t for row in english for t in row]) == len(MENU)
    assert [len(row) for row in english] == [len(row) for row in arabic]
    first_en = topic_menu("en").inline_keyboard[0]
    first_ar = topic_menu("ar").inline_keyboard[0]
    assert [b.callback_data for b in first_ar] == [b.callback_data for b in first_en][::-1]


def test_groups_open_their_topics_and_lead_back() -> None:
    data = [b.callback_data for row in topic_menu("de").inline_keyboard for b in row]
    assert f"{MENU_PREFIX}housing" in data
    assert "/emergency" in data and "/language_course" in data  # one-topic groups answer at once
    housing = group_menu("housing", "de")
    assert housing is not None
    topics = [b.callback_data for row in housing.inline_keyboard for b in row]
    assert topics == [f"/{t}" for t in MENU["housing"]] + [MENU_PREFIX]
    assert group_menu("nonsense", "de") is None


def test_reply_buttons_drop_payloads_telegram_would_refuse() -> None:
    markup = reply_buttons(
        [
            {"title": "Ok", "payload": "/affirm"},
            {"title": "Too long", "payload": "/find_service" + "x" * 80},
            {"title": "", "payload": "/deny"},
        ],
        rtl=False,
    )
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [["/affirm"]]
    assert reply_buttons([{"title": "x", "payload": "/" + "y" * 70}], rtl=False) is None


def test_place_keyboard_asks_for_the_location_or_a_postal_code() -> None:
    keyboard = place_keyboard("de")
    [[button]] = keyboard.keyboard
    assert button.request_location is True
    assert keyboard.input_field_placeholder == translate("de", m.PLACE_PLACEHOLDER)
    assert keyboard.one_time_keyboard is True


def test_payloads_round_trip() -> None:
    assert parse_payload(payload("choose_language", language="fa")) == (
        "choose_language",
        {"language": "fa"},
    )
    assert parse_payload("/housing_search") == ("housing_search", {})
    assert parse_payload("Hallo /help") is None
    assert parse_payload("/x{not json}") is None
