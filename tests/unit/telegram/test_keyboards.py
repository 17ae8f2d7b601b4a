"""Keyboards: the language picker, the topic menu, reply buttons and the place keyboard."""

from __future__ import annotations

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import languages
from bot.replies.contract import Button, payload
from bot.replies.menu import group_payload, top_level_topics
from bot.telegram.keyboards import group_menu, language_picker, place_keyboard, reply_buttons, topic_menu
from bot.topics import MENU, REGISTRY


def titles(markup: object) -> list[list[str]]:
    return [[b.text for b in row] for row in markup.inline_keyboard]  # type: ignore[attr-defined]


def test_picker_shows_every_language_in_its_own_name_and_ticks_the_preselected() -> None:
    picker = language_picker("ar")
    flat = [t for row in titles(picker) for t in row]
    names = [lang.name for lang in languages().values()]
    assert [t.removeprefix("✓ ") for t in flat] == names
    assert "✓ العربية" in flat and sum(t.startswith("✓") for t in flat) == 1
    data = [b.callback_data for row in picker.inline_keyboard for b in row]
    assert payload("choose_language", language="ar") in data
    assert all(len(d.encode()) <= 64 for d in data)


def test_topic_menu_has_every_group_and_rows_read_right_to_left_in_arabic() -> None:
    english = titles(topic_menu("en"))
    arabic = titles(topic_menu("ar"))
    groups_shown = [g for g, topics in MENU.items() if topics or REGISTRY.groups[g].emergency]
    # the groups, the topics without a group (help against violence), services near me, a counsellor
    assert len([t for row in english for t in row]) == len(groups_shown) + len(top_level_topics()) + 2
    assert [len(row) for row in english] == [len(row) for row in arabic]
    first_en = topic_menu("en").inline_keyboard[0]
    first_ar = topic_menu("ar").inline_keyboard[0]
    assert [b.callback_data for b in first_ar] == [b.callback_data for b in first_en][::-1]


def test_groups_open_their_topics_and_lead_back() -> None:
    data = [b.callback_data for row in topic_menu("de").inline_keyboard for b in row]
    assert group_payload("housing") in data
    assert "/emergency" in data and "/language_course" in data  # one-topic groups answer at once
    topics = [b.callback_data for row in group_menu("housing", "de").inline_keyboard for b in row]
    counsellor = '/find_service{"kind":"counsel"}'
    assert topics == [f"/{t}" for t in MENU["housing"]] + [counsellor, group_payload("all")]


def test_reply_buttons_drop_payloads_telegram_would_refuse() -> None:
    markup = reply_buttons(
        [Button("Ok", "/affirm"), Button("Too long", "/find_service" + "x" * 80), Button("", "/deny")],
        rtl=False,
    )
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [["/affirm"]]
    assert reply_buttons([Button("x", "/" + "y" * 70)], rtl=False) is None


def test_place_keyboard_asks_for_the_location_or_a_postal_code() -> None:
    keyboard = place_keyboard("de")
    [[button]] = keyboard.keyboard
    assert button.request_location is True
    assert keyboard.input_field_placeholder == translate("de", m.PLACE_PLACEHOLDER)
    assert keyboard.one_time_keyboard is True
