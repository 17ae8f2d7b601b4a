"""The adapter's shared state on the real Redis: what two workers see of one chat is the same."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from bot.config import load_settings
from bot.replies.contract import RequestLocation
from bot.shared_state import SharedState

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def prefix() -> str:
    return f"wgtest{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def workers(prefix: str) -> AsyncIterator[tuple[SharedState, SharedState]]:
    """Two workers' shared state, as two processes would build it from the same settings."""
    settings = load_settings(adapter_state="redis", redis_url=REDIS_URL, redis_prefix=prefix)
    first, second = SharedState(settings), SharedState(settings)
    yield first, second
    await first.close()
    await second.close()
    client = aioredis.Redis.from_url(REDIS_URL)
    async for key in client.scan_iter(f"{prefix}*"):
        await client.delete(key)
    await client.aclose()


async def test_what_one_worker_remembers_the_other_knows_until_the_conversation_ends(
    workers: tuple[SharedState, SharedState], prefix: str
) -> None:
    first, second = workers
    entry = await first.memories.load("tg-a")
    entry.chosen_language, entry.place_request = "ar", RequestLocation("housing_search", True)
    await first.memories.save("tg-a", entry)
    seen = await second.memories.load("tg-a")
    assert (seen.chosen_language, seen.place_request) == ("ar", RequestLocation("housing_search", True))
    assert first.client is not None
    ttl = await first.client.ttl(f"{prefix}:adapter:memory:tg-a")
    assert 30 * 60 - 5 < ttl <= 30 * 60  # gone with the conversation
    await second.memories.forget("tg-a")
    assert (await first.memories.load("tg-a")).chosen_language is None


async def test_the_engine_down_flag_is_seen_by_both(workers: tuple[SharedState, SharedState]) -> None:
    first, second = workers
    assert first.engine is not None and second.engine is not None
    await first.engine.set_down()
    assert await second.engine.is_down()
    await second.engine.clear()
    assert not await first.engine.is_down()


async def test_a_later_update_waits_for_an_earlier_one_on_the_other_worker(
    workers: tuple[SharedState, SharedState],
) -> None:
    first, second = workers
    assert first.turns is not None and second.turns is not None
    done: list[int] = []
    await first.turns.register("tg-b", 101)  # received (and acknowledged) first, handled slowly

    async def slow() -> None:
        assert first.turns is not None
        async with first.turns.turn("tg-b", 101):
            await asyncio.sleep(0.3)
            done.append(101)

    async def fast() -> None:
        assert second.turns is not None
        async with second.turns.turn("tg-b", 102):
            done.append(102)

    await asyncio.gather(fast(), slow())
    assert done == [101, 102]


async def test_two_workers_share_one_rate(workers: tuple[SharedState, SharedState]) -> None:
    first, second = workers
    assert first.rates is not None and second.rates is not None
    started = time.monotonic()
    for rates in (first.rates, second.rates) * 3:  # six messages, alternately
        await rates.wait("chat:tg-c", per_second=2.0, burst=2)
    # A burst of two, then two a second: the last of six is due after two seconds, not at once.
    assert time.monotonic() - started >= 1.8
