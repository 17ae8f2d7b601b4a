"""The Telegram way in for :mod:`bench.load`: updates as Telegram sends them, replies timed at the stand-in.

Webhook mode posts each update to the web app's webhook with Telegram's secret header; polling mode
queues it at :class:`bench.botapi.BotApiStandIn`, where the adapter's ``getUpdates`` picks it up.
Every message the bot sends is routed by chat to the person's current question.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from bench.botapi import BotApiStandIn, Sent
from bench.load import Answer, Connections, Person, Turn, deliver
from tests.auxil.telegram_identity import private_chat_json, user_json

TOKEN = "7000000009:AAE-wegweiser-bench-token_000000000000"


def _who(person: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    names = {
        "first_name": f"Bench{person.number}",
        "last_name": "Person",
        "username": f"bench_{person.number}",
    }
    return (
        user_json(user_id=person.user_id, language_code=person.language, **names),
        private_chat_json(user_id=person.user_id, **names),
    )


def update_for(person: Person, turn: Turn, message_id: int) -> dict[str, Any]:
    """A ``message`` update (text typed), or a ``callback_query`` (a button tapped)."""
    sender, chat = _who(person)
    now = int(time.time())
    if turn.button:
        shown = {"message_id": message_id, "date": now, "chat": chat, "text": "…"}
        return {
            "callback_query": {
                "id": str(message_id),
                "from": sender,
                "message": shown,
                "chat_instance": str(person.user_id),
                "data": turn.text,
            }
        }
    return {
        "message": {"message_id": message_id, "from": sender, "chat": chat, "date": now, "text": turn.text}
    }


class TelegramTarget:
    """The adapter behind ``api``: ``webhook`` is the web app's webhook URL and secret, else polling."""

    def __init__(self, name: str, api: BotApiStandIn, *, webhook: tuple[str, str] | None = None) -> None:
        self.name = name
        self.api = api
        self.webhook = webhook
        self.current: dict[int, Answer] = {}
        self.unrouted = 0
        self._message_id = 0
        self.http = Connections(timeout=30)
        api.on_send = self.received

    def received(self, sent: Sent) -> None:
        answer = self.current.get(sent.chat_id)
        if answer is None:
            self.unrouted += 1
            return
        deliver(answer, sent.at, [f"{sent.method}:{sent.content}"])

    def on_answer(self, person: Person, answer: Answer) -> None:
        self.current[person.user_id] = answer

    async def ask(self, person: Person, turn: Turn, answer: Answer) -> None:
        self._message_id += 1
        update = update_for(person, turn, self._message_id)
        if self.webhook is None:
            self.api.queue(update)
            return
        url, secret = self.webhook
        body = {"update_id": self.api.next_update_id(), **update}
        try:
            response = await self.http.of(person).post(
                url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
            )
        except httpx.HTTPError:
            answer.failed = True
            return
        if response.status_code != 200:
            answer.failed = True

    async def close(self) -> None:
        await self.http.aclose()
