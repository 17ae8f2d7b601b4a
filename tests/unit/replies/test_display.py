"""A reply laid out for a screen: the same rules for every channel (packing, isolation, buttons)."""

from __future__ import annotations

from bot.replies.contract import Button, LanguagePicker, Meta, Reply, RequestLocation, ServiceCard, Text
from bot.replies.display import Shown, button_rows, display, shown_text
from bot.replies.rtl import LRI, PDI
from tests.unit.replies.test_cards import CARD


def test_numbers_in_arabic_text_keep_their_order() -> None:
    [shown] = display(
        Reply(Meta("ar", "emergency"), (Text("العنف ضد المرأة: 116 016\nالهاتف: 0800 111 0 222"),))
    )
    assert isinstance(shown, Shown)
    assert f"{LRI}116 016{PDI}" in shown.plain and f"{LRI}0800 111 0 222{PDI}" in shown.plain
    assert f"{LRI}116 016{PDI}" in shown.html


def test_left_to_right_text_is_left_as_written() -> None:
    [shown] = display(Reply(Meta("de", None), (Text("Hilfetelefon: 116 016"),)))
    assert isinstance(shown, Shown) and shown.plain == "Hilfetelefon: 116 016"


def test_markup_in_answers_is_escaped_not_interpreted() -> None:
    [shown] = display(Reply(Meta("en", None), (Text('<a href="javascript:x">click</a> & <b>'),)))
    assert isinstance(shown, Shown)
    assert "<a" not in shown.html and "&lt;a href" in shown.html and "&amp;" in shown.html


def test_texts_and_cards_pack_into_one_message_and_buttons_end_it() -> None:
    buttons = (Button("Other topics", "/help"),)
    screen = display(
        Reply(Meta("en", "find_service"), (Text("Near you:"), ServiceCard(CARD), Text("Next?", buttons)))
    )
    [shown] = screen
    assert isinstance(shown, Shown) and shown.buttons == buttons
    assert shown.plain.startswith("Near you:") and CARD["name"] in shown.plain


def test_markers_stay_in_place_between_messages() -> None:
    screen = display(
        Reply(
            Meta("en", None),
            (Text("First", (Button("A", "/a"),)), RequestLocation(), Text("Where?"), LanguagePicker()),
        )
    )
    assert [type(item).__name__ for item in screen] == ["Shown", "RequestLocation", "Shown", "LanguagePicker"]
    assert "First" in shown_text(screen) and "[A]" in shown_text(screen)


def test_buttons_alone_get_a_prompt_to_sit_under() -> None:
    [shown] = display(Reply(Meta("en", None), (Text("", (Button("A", "/a"),)),)))
    assert isinstance(shown, Shown) and shown.plain == "Choose a topic:"


def test_short_buttons_go_two_to_a_row_long_ones_alone_rtl_mirrored() -> None:
    short = (Button("Yes", "/a"), Button("No", "/b"), Button("Maybe", "/c"))
    assert [[b.title for b in row] for row in button_rows(short, rtl=False)] == [["Yes", "No"], ["Maybe"]]
    assert [[b.title for b in row] for row in button_rows(short, rtl=True)] == [["No", "Yes"], ["Maybe"]]
    long = (Button("Talk to a counsellor near me today", "/a"), Button("B", "/b"))
    assert [len(row) for row in button_rows(long, rtl=False)] == [1, 1]
