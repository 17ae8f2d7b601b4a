"""Updates as they arrive: whatever cannot be read is acknowledged and skipped, and never logged.

python-telegram-bot parses a whole ``getUpdates`` batch at once; one update it cannot parse (a
location without longitude from a broken Bot API server) fails the batch, is logged at CRITICAL
with the raw data (ids, names, exact coordinates), and is fetched again at once, forever: nobody
is answered. Here every update is checked on its own before the library sees it. One that cannot
be read, or carries values no handler can trust (a chat id that is not a number, a text that is
not text, coordinates that are not finite), is replaced by an empty update with its ``update_id``,
so the offset moves past it and the batch's other updates are answered. A batch with nothing
usable at all raises a :class:`~telegram.error.NetworkError`, which the library's polling loop
answers with growing pauses (up to 30 s) instead of a tight loop. Only counts and the kinds of
error are logged.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

from bot.http_transport import AiohttpTransport

logger = logging.getLogger(__name__)

MAX_UPDATE_ID = 2**53
"""Telegram's identifiers fit in a double; anything larger is not from Telegram."""


class UnreadableUpdates(NetworkError):
    """The Bot API server sent something that cannot be read (or no update that can be acknowledged)."""


def _finite(value: object, limit: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (abs(value) <= limit)
    )


def _identifier(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_UPDATE_ID


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def trustworthy(update: Update) -> bool:
    """Whether every value a handler reads from ``update`` has the type Telegram documents."""
    chat = update.effective_chat
    if chat is not None and not (_identifier(chat.id) and isinstance(chat.type, str)):
        return False
    user = update.effective_user
    if user is not None and not (_identifier(user.id) and _optional_text(user.language_code)):
        return False
    message = update.effective_message
    if message is not None:
        if message.chat is None or not _identifier(message.chat.id):  # every message has its chat
            return False
        if not (_optional_text(message.text) and _optional_text(message.caption)):
            return False
        where = message.location
        if where is not None and not (_finite(where.latitude, 90) and _finite(where.longitude, 180)):
            return False
    query = update.callback_query
    return query is None or (isinstance(query.id, str) and _optional_text(query.data))


def readable(entry: object) -> Update | None:
    """``entry`` as an update the handlers can trust, or ``None``."""
    if not isinstance(entry, dict):
        return None
    try:
        update = Update.de_json(dict(entry), None)
    except Exception:  # any shape the library cannot parse; its message may quote the data
        return None
    return update if trustworthy(update) else None


def screen_batch(entries: object) -> list[Any]:
    """A ``getUpdates`` result the library can parse: unreadable updates become empty ones.

    Raises:
        UnreadableUpdates: nothing in the batch can be read or acknowledged (the caller backs off).
    """
    if not isinstance(entries, list):
        raise UnreadableUpdates("the Bot API server answered getUpdates with something else than a list")
    kept: list[Any] = []
    skipped = 0
    for entry in entries:
        update_id = entry.get("update_id") if isinstance(entry, dict) else None
        if not _identifier(update_id) or (update_id is not None and update_id < 0):
            skipped += 1
            continue
        if readable(entry) is None:
            skipped += 1
            kept.append({"update_id": update_id})  # acknowledged with the batch, handled by no one
        else:
            kept.append(entry)
    if skipped:
        logger.warning("%d update(s) from the Bot API server could not be read; skipped.", skipped)
    if entries and not any(isinstance(e.get("update_id"), int) for e in kept):
        raise UnreadableUpdates("no update in the batch carries a usable update_id")
    return kept


class ScreeningRequest(HTTPXRequest):
    """A connection to the Bot API whose answers are never quoted in a log.

    The library logs a non-JSON answer whole; here it becomes a short error. With ``screen=True``
    (the ``getUpdates`` connection) each batch is screened before python-telegram-bot parses it.
    Requests travel over aiohttp (:mod:`bot.http_transport`), a fraction of httpx's own cost.
    """

    SEND_CONNECTIONS: int = 256
    """Connections for sending replies: the library's default of one makes every chat answered at the
    same time wait its turn for the connection."""

    def __init__(
        self, *, screen: bool = False, connection_pool_size: int = SEND_CONNECTIONS, **kwargs: Any
    ) -> None:
        transport = AiohttpTransport(connections=connection_pool_size)
        super().__init__(
            connection_pool_size=connection_pool_size, httpx_kwargs={"transport": transport}, **kwargs
        )
        self._screen = screen

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        try:
            data = json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            raise UnreadableUpdates("the Bot API server's answer is not JSON") from None
        if not isinstance(data, dict):
            raise UnreadableUpdates("the Bot API server's answer is not a JSON object")
        if self._screen and data.get("ok") is True and "result" in data:
            data["result"] = screen_batch(data["result"])
        return data
