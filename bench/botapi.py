"""A Bot API stand-in for load benchmarks: takes the bot's calls, hands it updates, times every send.

The local Bot API server of the tests (``tests/telegram_server``, Node) checks what the bot sends; it
keeps every message in arrays and answers the chat side by polling, which measures itself at a
hundred questions a second. This stand-in runs in the load generator's own event loop instead: each
``send*`` call is stamped on arrival with the generator's clock and handed to the waiting person at
once. It answers the methods the adapter uses (getMe, getUpdates with long polling and ``offset``
confirmation, setWebhook/deleteWebhook, send*, answerCallbackQuery, edits) on a minimal HTTP/1.1
server with keep-alive (python-telegram-bot posts form fields, JSON-encoded where nested).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = {
    "id": 424242,
    "is_bot": True,
    "first_name": "Wegweiser",
    "username": "WegweiserBenchBot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MAX_POLL_SECONDS = 5.0
NOT_MESSAGES = frozenset({"sendChatAction"})
"""``send*`` methods that put no message into the chat."""


@dataclass(frozen=True)
class Sent:
    """One message the bot sent: when it arrived here, to which chat, and what it was."""

    at: float
    chat_id: int
    method: str
    content: str


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if "json" in content_type:
        loaded = json.loads(body)
        return loaded if isinstance(loaded, dict) else {}
    result: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        if value[:1] in "[{":
            with contextlib.suppress(ValueError):
                result[key] = json.loads(value)
                continue
        result[key] = value
    return result


class BotApiStandIn:
    """The stand-in server; ``on_send`` is called for every message the bot sends."""

    def __init__(self, token: str, on_send: Callable[[Sent], None]) -> None:
        self.token = token
        self.on_send = on_send
        self.port = 0
        self.webhook_url: str | None = None
        self.calls: dict[str, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._arrived = asyncio.Event()
        self._message_id = 0
        self._server: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        """``WEGWEISER_TELEGRAM_BASE_URL`` for the adapter."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    def queue(self, update: dict[str, Any]) -> int:
        """Queue an update for ``getUpdates`` (polling mode); its update_id."""
        update_id = self.next_update_id()
        self._updates.append({"update_id": update_id, **update})
        self._arrived.set()
        return update_id

    def next_update_id(self) -> int:
        update_id = self._next_update
        self._next_update += 1
        return update_id

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                _verb, target, _version = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                path, _, query = target.partition("?")
                params = _params(query.encode(), "") | _params(body, headers.get("content-type", ""))
                status, answer = await self._answer(path, params)
                data = json.dumps(answer).encode()
                writer.write(
                    b"HTTP/1.1 %d OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                    % (status, len(data), data)
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, asyncio.CancelledError):
            return
        finally:
            writer.close()

    async def _answer(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        method = path[len(prefix) :]
        self.calls[method] = self.calls.get(method, 0) + 1
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "setWebhook":
            self.webhook_url = str(params.get("url") or "") or None
            return 200, {"ok": True, "result": True}
        if method.startswith("send"):
            return 200, {"ok": True, "result": self._sent(method, params)}
        if method.startswith("edit"):
            return 200, {"ok": True, "result": True}
        return 200, {"ok": True, "result": True}  # deleteWebhook, answerCallbackQuery, …

    def _sent(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        arrived = time.monotonic()
        chat_id = int(params.get("chat_id") or 0)
        self._message_id += 1
        message: dict[str, Any] = {
            "message_id": self._message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Bench"},
        }
        if method == "sendVenue":
            content = f"{params.get('title')}|{params.get('latitude')}|{params.get('longitude')}"
            message["venue"] = {
                "location": {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])},
                "title": str(params.get("title") or ""),
                "address": str(params.get("address") or ""),
            }
        else:
            content = str(params.get("text") or "")
            message["text"] = content
        if method not in NOT_MESSAGES:
            self.on_send(Sent(arrived, chat_id, method, content))
        return message

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                wait = min(float(params.get("timeout") or 0), MAX_POLL_SECONDS)
                await asyncio.wait_for(self._arrived.wait(), wait)
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]
