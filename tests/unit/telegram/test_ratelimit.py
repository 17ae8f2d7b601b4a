"""Outgoing rate limits: about one message a second per chat, and a flood never holds up others."""

from __future__ import annotations

import asyncio
import contextlib
import time
import warnings
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter

from bot.telegram.ratelimit import ChatRateLimiter


def limiter() -> ChatRateLimiter:
    return ChatRateLimiter(lambda chat_id: f"key-{chat_id}")


async def send(rate: ChatRateLimiter, chat_id: int | None, log: list[tuple[Any, float]]) -> bool:
    async def call() -> bool:
        log.append((chat_id, time.monotonic()))
        return True

    data = {"chat_id": chat_id} if chat_id is not None else {}
    result = await rate.process_request(call, (), {}, "sendMessage", data, None)
    assert result is True
    return True


async def test_one_chat_bursts_three_then_about_one_a_second() -> None:
    rate, log = limiter(), []
    start = time.monotonic()
    await asyncio.gather(*(send(rate, 1, log) for _ in range(6)))
    offsets = sorted(t - start for _, t in log)
    assert all(o < 0.3 for o in offsets[:3])
    assert offsets[-1] >= 2.5  # messages 4–6 each waited about a second


async def test_a_flooding_chat_does_not_hold_up_another() -> None:
    rate, log = limiter(), []
    flood = asyncio.gather(*(send(rate, 1, log) for _ in range(10)))
    await asyncio.sleep(0.05)
    start = time.monotonic()
    await send(rate, 2, log)
    assert time.monotonic() - start < 0.5
    flood.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await flood


async def test_requests_without_a_chat_are_not_held() -> None:
    rate, log = limiter(), []
    start = time.monotonic()
    await asyncio.gather(*(send(rate, None, log) for _ in range(20)))
    assert time.monotonic() - start < 0.5


async def test_telegram_asking_to_slow_down_pauses_and_retries_once() -> None:
    rate = limiter()
    attempts: list[float] = []

    async def call() -> bool:
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            with warnings.catch_warnings():  # PTB 22 warns about its own constructor
                warnings.simplefilter("ignore")
                raise RetryAfter(timedelta(seconds=1))
        return True

    assert await rate.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None) is True
    assert len(attempts) == 2 and attempts[1] - attempts[0] >= 1.0


async def test_the_overall_limit_is_the_operators_setting(tmp_path: Any) -> None:
    from bot.config import load_settings
    from bot.telegram.application import build_application

    settings = load_settings(var_dir=tmp_path, telegram_bot_token="123:abc", telegram_send_per_second=5)
    application = build_application(settings)
    rate = application.bot.rate_limiter
    assert isinstance(rate, ChatRateLimiter)
    log: list[tuple[Any, float]] = []
    start = time.monotonic()
    await asyncio.gather(*(send(rate, chat, log) for chat in range(15)))  # 15 chats, one message each
    assert time.monotonic() - start >= 1.5  # five a second overall, not thirty
