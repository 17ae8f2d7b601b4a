"""A service as a Telegram venue (map pin), sent after its text card where the Bot API server can."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from telegram import ReplyKeyboardRemove

from bot.replies.cards import card_coordinates, card_text, full_address


@dataclass(frozen=True)
class Venue:
    """A map pin for ``sendVenue``."""

    latitude: float
    longitude: float
    title: str
    address: str
    markup: ReplyKeyboardRemove | None = None
    """Closes the place keyboard when the list's own message carries its buttons."""


def venue_of(service: Mapping[str, Any]) -> Venue | None:
    """The service as a map pin, when it has coordinates."""
    where = card_coordinates(service)
    if where is None:
        return None
    name = (card_text(service, "name") or "?")[:256]
    address = (full_address(service) or card_text(service, "organisation") or name)[:256]
    return Venue(where[0], where[1], name, address)
