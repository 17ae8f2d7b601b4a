"""Telegram keyboards: a reply's buttons, the language picker, the topic menu and the place keyboard.

Callback data is a reply payload (``/intent{"entity":"value"}``, :mod:`bot.replies.contract`), sent on
as the next user message. Rows of a right-to-left reply read right to left.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, languages
from bot.replies.contract import Button, fits_callback, payload
from bot.replies.display import button_rows
from bot.replies.menu import group_buttons, topic_menu_buttons


def _rows(buttons: Sequence[tuple[str, str]], *, per_row: int, rtl: bool) -> list[list[InlineKeyboardButton]]:
    rows = [
        [InlineKeyboardButton(title, callback_data=data) for title, data in buttons[i : i + per_row]]
        for i in range(0, len(buttons), per_row)
    ]
    return [row[::-1] for row in rows] if rtl else rows


def reply_buttons(buttons: Sequence[Button], *, rtl: bool) -> InlineKeyboardMarkup | None:
    """A reply's buttons as an inline keyboard (payloads that do not fit Telegram are left out)."""
    usable = tuple(b for b in buttons if b.title and fits_callback(b.payload))
    if not usable:
        return None
    rows = button_rows(usable, rtl=rtl)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=b.payload) for b in row] for row in rows]
    )


def language_picker(selected: str | None) -> InlineKeyboardMarkup:
    """Every language in its own name; the preselected one is ticked."""
    buttons = [
        (
            f"✓ {lang.name}" if code == selected else lang.name,
            payload("choose_language", language=code),
        )
        for code, lang in languages().items()
    ]
    return InlineKeyboardMarkup(_rows(buttons, per_row=2, rtl=False))


def topic_menu(language: str) -> InlineKeyboardMarkup:
    """The topic groups (housing, health, …, emergency)."""
    buttons = [(b.title, b.payload) for b in topic_menu_buttons(language)]
    return InlineKeyboardMarkup(_rows(buttons, per_row=2, rtl=is_rtl(language)))


def group_menu(group: str, language: str) -> InlineKeyboardMarkup:
    """The topics of one group, one per row, and the way back to all topics."""
    buttons = [(b.title, b.payload) for b in group_buttons(language, group)]
    return InlineKeyboardMarkup(_rows(buttons, per_row=1, rtl=False))


def place_keyboard(language: str) -> ReplyKeyboardMarkup:
    """A button that shares the location; the input field invites a postal code or town instead."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(f"📍 {translate(language, m.BUTTON_SHARE_LOCATION)}", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=translate(language, m.PLACE_PLACEHOLDER)[:64],
    )
