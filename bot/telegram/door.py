"""The door: the one place that reads who wrote; what passes it names no one.

From an update only two things go on: a keyed pseudonym of the chat (HMAC of the chat id, never the
id itself) and Telegram's language code reduced to a supported language. Names, usernames, phone
numbers, forwarded-from data and the rest of the language tag stay behind. A shared location is
rounded to two decimals (about 1 km) before it leaves. The chat id itself is used only to send the
reply, in the same handler; nothing maps a pseudonym back to a chat.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.constants import ChatType

from bot.languages import normalize_language
from bot.pseudonym import TELEGRAM, pseudonym
from bot.replies.contract import payload
from bot.replies.places import coarse


@dataclass(frozen=True)
class Visitor:
    """Who is writing, as far as anything past the door may know."""

    sender: str
    hint: str | None


class Door:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sender_of(self, chat_id: int | str) -> str:
        return pseudonym(self._key, chat_id, channel=TELEGRAM)

    def visitor(self, update: Update) -> Visitor | None:
        """The visitor of a private chat's update; ``None`` for groups, channels and the like."""
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:
            return None
        user = update.effective_user
        return Visitor(self.sender_of(chat.id), normalize_language(user.language_code if user else None))


def location_message(latitude: float, longitude: float) -> str:
    """The message a shared location becomes: ``/inform_location{"lat":50.94,"lon":6.96}``."""
    lat, lon = coarse(latitude, longitude)
    return payload("inform_location", lat=lat, lon=lon)
