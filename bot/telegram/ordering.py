"""Concurrent updates, in order per chat: many chats at once, each chat's messages in turn.

python-telegram-bot handles one update at a time unless told otherwise; then one slow conversation
would hold up everyone. Here updates run concurrently, a per-chat lock keeps each chat's order, and
a chat that floods has its excess updates dropped, so it can never occupy the shared slots. Locks
are keyed by pseudonym and removed as soon as a chat has nothing waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

MAX_CONCURRENT = 64
MAX_WAITING_PER_CHAT = 3


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        key: Callable[[int], str],
        *,
        max_concurrent_updates: int = MAX_CONCURRENT,
        max_waiting_per_chat: int = MAX_WAITING_PER_CHAT,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._key = key
        self._max_waiting = max_waiting_per_chat
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        key = self._key(chat.id)
        lock, waiting = self._locks.get(key, (asyncio.Lock(), 0))
        if waiting > self._max_waiting:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()
            logger.info("%s: too many messages at once; one dropped.", key)
            return
        self._locks[key] = (lock, waiting + 1)
        try:
            async with lock:
                await coroutine
        finally:
            current_lock, count = self._locks[key]
            if count <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (current_lock, count - 1)

    async def initialize(self) -> None:
        """Nothing to prepare."""

    async def shutdown(self) -> None:
        self._locks.clear()
