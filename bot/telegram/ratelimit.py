"""Outgoing rate limits: 30 messages a second overall (``WEGWEISER_TELEGRAM_SEND_PER_SECOND``), about
one a second per chat.

Built on python-telegram-bot's rate-limiter interface with aiolimiter (its ``rate-limiter``
extra). A chat may burst three messages, then one a second; it waits on its own limit before it
takes a share of the overall one, so a flood from one chat cannot hold up the others. Per-chat
limits are keyed by pseudonym, not chat id, and dropped as soon as they are idle. With several workers
(``WEGWEISER_ADAPTER_STATE=redis``) both limits are kept in Redis (:class:`bot.shared_state.SendRates`),
so two workers together send no faster than one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

if TYPE_CHECKING:
    from bot.shared_state import SendRates

logger = logging.getLogger(__name__)

OVERALL_PER_SECOND = 30
CHAT_BURST = 3
CHAT_PER_SECOND = 1.0


class ChatRateLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        key: Callable[[int | str], str],
        *,
        overall_per_second: float = OVERALL_PER_SECOND,
        chat_per_second: float = CHAT_PER_SECOND,
        chat_burst: int = CHAT_BURST,
        max_retries: int = 1,
        shared: SendRates | None = None,
    ) -> None:
        self._key = key
        self._shared = shared
        self._overall_per_second = overall_per_second
        self._chat_per_second = chat_per_second
        self._overall = AsyncLimiter(overall_per_second, 1)
        self._chat_burst = chat_burst
        self._chat_period = chat_burst / chat_per_second
        self._chats: dict[str, AsyncLimiter] = {}
        self._max_retries = max_retries
        self._not_paused = asyncio.Event()
        self._not_paused.set()

    async def initialize(self) -> None:
        """Nothing to prepare."""

    async def shutdown(self) -> None:
        self._chats.clear()

    def _chat_limiter(self, chat_id: int | str) -> AsyncLimiter:
        if len(self._chats) > 256:
            for key, limiter in list(self._chats.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._chats[key]
        key = self._key(chat_id)
        if key not in self._chats:
            self._chats[key] = AsyncLimiter(self._chat_burst, self._chat_period)
        return self._chats[key]

    async def _shared_slot(self, chat_id: int | str) -> None:
        """The chat's next slot, then the bot's: the chat waits on its own limit first, as in memory."""
        assert self._shared is not None
        await self._shared.wait(
            f"chat:{self._key(chat_id)}", per_second=self._chat_per_second, burst=self._chat_burst
        )
        burst = max(1, int(self._overall_per_second))
        await self._shared.wait("overall", per_second=self._overall_per_second, burst=burst)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            try:
                if chat_id is None:  # getUpdates, answerCallbackQuery, …: not a message to a chat
                    await self._not_paused.wait()
                    return await callback(*args, **kwargs)
                if self._shared is not None:
                    await self._shared_slot(chat_id)
                    await self._not_paused.wait()
                    return await callback(*args, **kwargs)
                async with self._chat_limiter(chat_id), self._overall:
                    await self._not_paused.wait()
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt >= retries:
                    raise
                # ``retry_after`` warns while PTB 22 moves it to a timedelta; the stored value
                # is a timedelta already (python-telegram-bot's own limiter reads it the same way).
                seconds = exc._retry_after.total_seconds()
                logger.warning("Telegram asks to slow down: pausing %.1f s (%s).", seconds, endpoint)
                self._not_paused.clear()
                try:
                    await asyncio.sleep(seconds + 0.1)
                finally:
                    self._not_paused.set()
        raise AssertionError("unreachable")  # pragma: no cover
