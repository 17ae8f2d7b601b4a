"""Small readers shared by the end-to-end Telegram tests."""

from __future__ import annotations

import html

from bot.replies.menu import TOP_LEVEL, group_payload, near_me_payload
from bot.replies.rtl import LRI, PDI
from tests.auxil.telegram_server import BotMessage


def first_paragraph(text: str) -> str:
    """The first paragraph as a person reads it (HTML entities resolved)."""
    return html.unescape(text).strip().split("\n\n")[0]


def unisolated(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "")


def data_of(message: BotMessage) -> list[list[str]]:
    return [[data for _, data in row] for row in message.buttons]


def cards(got: list[BotMessage]) -> list[BotMessage]:
    """The messages that carry service cards (a card's address line starts with the pin)."""
    return [g for g in got if "📍" in g.text]


MENU_HOUSING = group_payload("housing")
MENU_HEALTH = group_payload("health")
MENU_BACK = group_payload(TOP_LEVEL)
COUNSELLOR = near_me_payload(None, counselling=True)
"""The "talk to a counsellor" button of every menu."""


def has_menu(message: BotMessage) -> bool:
    return any(MENU_HOUSING in row for row in data_of(message))
