"""Telegram without a network, for unit tests: python-telegram-bot's request-class approach.

:class:`OfflineBotApi` is a ``BaseRequest`` that answers the Bot API methods the adapter uses and
records every call, so a test can run the real application on an update and look at what it sent.
The update builders make updates the way Telegram sends them, identity fields included, so tests can
prove those fields go nowhere.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

from tests.auxil.telegram_identity import private_chat_json, user_json

BOT_USER = {
    "id": 424242,
    "is_bot": True,
    "first_name": "Wegweiser",
    "username": "WegweiserTestBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


class OfflineBotApi(BaseRequest):
    """Answers like the Bot API (``sendVenue`` only when ``venues``) and keeps every call."""

    def __init__(self, *, venues: bool = True) -> None:
        self.venues = venues
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._message_id = 1000

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def sent(self, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if method is None or c.method == method]

    def clear(self) -> None:
        self.calls.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(Call(endpoint, params))
        status, result = self._answer(endpoint, params)
        body = {"ok": True, "result": result} if status == 200 else result
        return status, json.dumps(body).encode()

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        self._message_id += 1
        return {
            "message_id": self._message_id,
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            **extra,
        }

    def _answer(self, endpoint: str, params: dict[str, Any]) -> tuple[int, Any]:
        if endpoint == "getMe":
            return 200, BOT_USER
        if endpoint == "sendMessage":
            return 200, self._message(params, text=params.get("text", ""))
        if endpoint == "sendVenue" and self.venues:
            venue = {
                "location": {"latitude": params["latitude"], "longitude": params["longitude"]},
                "title": params["title"],
                "address": params["address"],
            }
            return 200, self._message(params, venue=venue)
        if endpoint in ("editMessageReplyMarkup", "editMessageText"):
            return 200, self._message(params, text="")
        if endpoint == "setMyCommands":
            self.commands[str(params.get("language_code", ""))] = list(params["commands"])
            return 200, True
        if endpoint == "getMyCommands":
            return 200, self.commands.get(str(params.get("language_code", "")), [])
        if endpoint in ("answerCallbackQuery", "deleteWebhook", "setWebhook", "deleteMyCommands"):
            return 200, True
        if endpoint == "getUpdates":
            return 200, []
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}


@dataclass
class Person:
    """Someone writing to the bot, with everything Telegram tells a bot about them."""

    user_id: int = 7394021856
    first_name: str = "Zuleykha"
    last_name: str = "Oberfeldt-Quist"
    username: str = "zq_tester_4471"
    language_code: str | None = "de-DE"
    phone: str = "+4915199887766"
    _next_id: list[int] = field(default_factory=lambda: [1])

    def user(self) -> dict[str, Any]:
        return user_json(
            user_id=self.user_id,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            language_code=self.language_code,
        )

    def chat(self) -> dict[str, Any]:
        return private_chat_json(
            user_id=self.user_id,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
        )

    def message(self, **content: Any) -> dict[str, Any]:
        self._next_id[0] += 1
        return {
            "message_id": self._next_id[0],
            "date": int(time.time()),
            "from": self.user(),
            "chat": self.chat(),
            **content,
        }

    def update(self, bot: Bot, **content: Any) -> Update:
        self._next_id[0] += 1
        data = {"update_id": self._next_id[0], "message": self.message(**content)}
        return Update.de_json(data, bot)

    def text(self, bot: Bot, text: str) -> Update:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.update(bot, **content)

    def location(self, bot: Bot, latitude: float, longitude: float) -> Update:
        return self.update(bot, location={"latitude": latitude, "longitude": longitude})

    def voice(self, bot: Bot) -> Update:
        voice = {"file_id": "AwADBAADbXXXXXXXXXXXGBdhD2l6_XX", "file_unique_id": "v1", "duration": 3}
        return self.update(bot, voice=voice)

    def contact(self, bot: Bot) -> Update:
        contact = {
            "phone_number": self.phone,
            "first_name": self.first_name,
            "user_id": self.user_id,
        }
        return self.update(bot, contact=contact)

    def forwarded(self, bot: Bot, text: str, origin_name: str) -> Update:
        origin = {"type": "hidden_user", "sender_user_name": origin_name, "date": int(time.time())}
        return self.update(bot, text=text, forward_origin=origin)

    def press(self, bot: Bot, data: str) -> Update:
        self._next_id[0] += 1
        query = {
            "id": str(self._next_id[0]),
            "from": self.user(),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": self.chat(),
                "text": "…",
            },
        }
        return Update.de_json({"update_id": self._next_id[0], "callback_query": query}, bot)
