"""Keyboards: buttons of a reply, the language picker, the topic menu and the place keyboard.

Callback data is either a Rasa payload (``/intent{"entity": "value"}``, sent on as the next user
message) or ``menu:<group>`` for the topic menu, which the adapter shows itself. Rows of a
right-to-left reply read right to left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, languages
from bot.telegram.text import visible_length
from bot.topics import MENU

CALLBACK_LIMIT = 64
"""Telegram's limit for callback data, in bytes."""
MENU_PREFIX = "menu:"
"""Callback data of the topic menu: ``menu:`` is the top level, ``menu:<group>`` one group."""
GROUP_ICONS = {
    "housing": "🏠",
    "health": "🩺",
    "counselling": "💬",
    "discrimination": "🛡",
    "language_course": "📚",
    "work": "💼",
    "emergency": "🆘",
}
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)


def payload(intent: str, **entities: str) -> str:
    """A Rasa payload message, e.g. ``/choose_language{"language": "ar"}``."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def parse_payload(text: str) -> tuple[str, dict[str, Any]] | None:
    """``(intent, entities)`` of a payload message, or ``None`` for anything else."""
    match = _PAYLOAD.match(text.strip())
    if match is None:
        return None
    entities: dict[str, Any] = {}
    if match.group("entities"):
        try:
            parsed = json.loads(match.group("entities"))
        except json.JSONDecodeError:
            return None
        if not isinstance(parsed, dict):
            return None
        entities = parsed
    return match.group("intent"), entities


def fits_callback(data: str) -> bool:
    return 0 < len(data.encode()) <= CALLBACK_LIMIT


def _rows(buttons: Sequence[tuple[str, str]], *, per_row: int, rtl: bool) -> list[list[InlineKeyboardButton]]:
    rows = [
        [InlineKeyboardButton(title, callback_data=data) for title, data in buttons[i : i + per_row]]
        for i in range(0, len(buttons), per_row)
    ]
    return [row[::-1] for row in rows] if rtl else rows


def reply_buttons(buttons: Sequence[dict[str, Any]], *, rtl: bool) -> InlineKeyboardMarkup | None:
    """The buttons of a reply message (``title``/``payload``) as an inline keyboard."""
    usable = [
        (str(b["title"]), str(b["payload"]))
        for b in buttons
        if b.get("title") and isinstance(b.get("payload"), str) and fits_callback(b["payload"])
    ]
    if not usable:
        return None
    short = all(visible_length(title) <= 18 for title, _ in usable)
    return InlineKeyboardMarkup(_rows(usable, per_row=2 if short else 1, rtl=rtl))


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
    buttons = []
    for group, topics in MENU.items():
        title = f"{GROUP_ICONS.get(group, '•')} {translate(language, m.MENU_GROUP_TITLES[group])}"
        if group == "emergency":
            data = payload("emergency")
        elif len(topics) == 1:
            data = payload(topics[0])
        else:
            data = MENU_PREFIX + group
        buttons.append((title, data))
    return InlineKeyboardMarkup(_rows(buttons, per_row=2, rtl=is_rtl(language)))


def group_menu(group: str, language: str) -> InlineKeyboardMarkup | None:
    """The topics of one group, and a way back to all topics."""
    topics = MENU.get(group)
    if not topics:
        return None
    buttons = [(translate(language, m.TOPIC_TITLES[topic]), payload(topic)) for topic in topics]
    back = (f"↩ {translate(language, m.BUTTON_ALL_TOPICS)}", MENU_PREFIX)
    rows = _rows([*buttons, back], per_row=1, rtl=False)
    return InlineKeyboardMarkup(rows)


def place_keyboard(language: str) -> ReplyKeyboardMarkup:
    """A button that shares the location; the input field invites a postal code or town instead."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(f"📍 {translate(language, m.BUTTON_SHARE_LOCATION)}", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=translate(language, m.PLACE_PLACEHOLDER)[:64],
    )
