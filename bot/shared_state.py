"""What the workers of one client share when there are several (``WEGWEISER_ADAPTER_STATE=redis``).

Telegram's webhook behind a reverse proxy may hand one chat's updates to different workers. Four things
must then be the same for all of them, so they live in Redis (``WEGWEISER_REDIS_URL``, every key under
``WEGWEISER_REDIS_PREFIX``): what a client remembers of a conversation (:class:`Memories`: the language
chosen during an outage among it), whether the engine is down (:class:`EngineFlag`), whose turn it is in
a chat (:class:`ChatTurns`) and the send rate of a chat and of the bot (:class:`SendRates`). With one
worker (the default) they stay in memory, as before. Keys are pseudonyms, never chat ids, and each
expires by itself: memories with the conversation, the rest within a minute.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, fields
from typing import Any, Protocol

import redis.asyncio as aioredis

from bot.config import AdapterState, Settings
from bot.replies.contract import RequestLocation
from bot.replies.memory import ConversationMemory, Remembered

TURN_TIMEOUT_SECONDS = 60.0
"""A chat's turn left by a worker that died is taken over after this long."""
TURN_POLL_SECONDS = 0.02


class Memories(Protocol):
    async def load(self, sender: str) -> Remembered: ...

    async def save(self, sender: str, entry: Remembered) -> None: ...

    async def forget(self, sender: str) -> None: ...


class LocalMemories:
    """One worker: :class:`ConversationMemory` in this process (an entry is saved by being changed)."""

    def __init__(self, memory: ConversationMemory) -> None:
        self.memory = memory

    async def load(self, sender: str) -> Remembered:
        return self.memory.get(sender)

    async def save(self, sender: str, entry: Remembered) -> None:
        """Nothing to do: the entry is the one the table holds."""

    async def forget(self, sender: str) -> None:
        self.memory.forget(sender)


class RedisMemories:
    """Several workers: one JSON record per pseudonym that expires with the conversation."""

    def __init__(self, client: aioredis.Redis, prefix: str, lifetime_seconds: int) -> None:
        self._redis = client
        self._prefix = f"{prefix}:memory:"
        self._lifetime = lifetime_seconds

    async def load(self, sender: str) -> Remembered:
        raw = await self._redis.get(self._prefix + sender)
        if raw is None:
            return Remembered()
        data: dict[str, Any] = json.loads(raw)
        place = data.pop("place_request", None)
        known = {f.name for f in fields(Remembered)}  # a record of an older version still loads
        entry = Remembered(**{k: v for k, v in data.items() if k in known})
        entry.place_request = RequestLocation(**place) if isinstance(place, dict) else None
        return entry

    async def save(self, sender: str, entry: Remembered) -> None:
        data = asdict(entry)
        data["seen"] = time.time()
        await self._redis.set(self._prefix + sender, json.dumps(data), ex=self._lifetime)

    async def forget(self, sender: str) -> None:
        await self._redis.delete(self._prefix + sender)


class EngineFlag:
    """ "The engine is down", seen by every worker: one worker finds out (and probes), all answer from
    the menu at once. The flag expires by itself, so a probing worker that dies cannot leave it set."""

    def __init__(self, client: aioredis.Redis, prefix: str, *, seconds: int = 30) -> None:
        self._redis = client
        self._key = f"{prefix}:engine-down"
        self._seconds = seconds

    async def is_down(self) -> bool:
        return bool(await self._redis.exists(self._key))

    async def set_down(self) -> None:
        await self._redis.set(self._key, "1", ex=self._seconds)

    async def clear(self) -> None:
        await self._redis.delete(self._key)


class ChatTurns:
    """One chat's updates in the order Telegram numbered them, whichever worker received each.

    A worker registers an update (:meth:`register`) when it receives it, before acknowledging it, so a
    later update can never overtake it; :meth:`turn` waits until every earlier registered update of
    the chat is done. Within a worker :class:`bot.telegram.ordering.PerChatUpdateProcessor` still
    keeps its own order and flood limit.
    """

    def __init__(self, client: aioredis.Redis, prefix: str) -> None:
        self._redis = client
        self._prefix = f"{prefix}:turns:"

    async def register(self, key: str, ticket: int) -> None:
        name = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {str(ticket): ticket}, nx=True)
            pipe.expire(name, int(TURN_TIMEOUT_SECONDS * 2))
            await pipe.execute()

    async def leave(self, key: str, ticket: int) -> None:
        """An update that will not be handled (superseded by newer ones) must not hold up the rest."""
        await self._redis.zrem(self._prefix + key, str(ticket))

    @asynccontextmanager
    async def turn(self, key: str, ticket: int) -> AsyncIterator[None]:
        name = self._prefix + key
        await self.register(key, ticket)
        started = time.monotonic()
        try:
            while True:
                first = await self._redis.zrange(name, 0, 0)
                if not first or first[0] in (str(ticket), str(ticket).encode()):
                    break
                if time.monotonic() - started > TURN_TIMEOUT_SECONDS:
                    # The earlier update's worker died with it: go on without it.
                    await self._redis.zremrangebyscore(name, "-inf", f"({ticket}")
                    break
                await asyncio.sleep(TURN_POLL_SECONDS)
            yield
        finally:
            await self._redis.zrem(name, str(ticket))


# Generic cell rate algorithm: one "theoretical arrival time" per key; each call reserves the next
# slot and returns how long to wait for it (0 within the burst). Redis' clock, so workers agree.
_RESERVE = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(new_tat - now) + 1000)
local wait = new_tat - interval * burst - now
if wait < 0 then wait = 0 end
return wait
"""


class SendRates:
    """Rates shared by all workers: a chat's messages a second, and the bot's overall."""

    def __init__(self, client: aioredis.Redis, prefix: str) -> None:
        self._redis = client
        self._prefix = f"{prefix}:rate:"
        self._script = client.register_script(_RESERVE)

    async def wait(self, key: str, *, per_second: float, burst: int) -> None:
        """Take the next slot of ``key``'s rate; sleep until it comes."""
        wait_ms = await self._script(keys=[self._prefix + key], args=[1000.0 / per_second, burst])
        if int(wait_ms) > 0:
            await asyncio.sleep(int(wait_ms) / 1000)


class SharedState:
    """The shared parts for one event loop: ``None`` each where a single worker keeps its own."""

    def __init__(self, settings: Settings) -> None:
        lifetime = settings.session_minutes * 60
        self.client: aioredis.Redis | None = None
        self.engine: EngineFlag | None = None
        self.turns: ChatTurns | None = None
        self.rates: SendRates | None = None
        self.memories: Memories
        if settings.adapter_state is AdapterState.REDIS:
            self.client = aioredis.Redis.from_url(settings.redis_url)
            prefix = f"{settings.redis_prefix}:adapter"
            self.memories = RedisMemories(self.client, prefix, lifetime)
            self.engine = EngineFlag(self.client, prefix)
            self.turns = ChatTurns(self.client, prefix)
            self.rates = SendRates(self.client, prefix)
        else:
            self.memories = LocalMemories(ConversationMemory(lifetime))

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
