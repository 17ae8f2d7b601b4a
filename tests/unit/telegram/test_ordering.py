"""Updates of different chats run side by side; one chat's updates keep their order."""

from __future__ import annotations

import asyncio
import time

from telegram import Bot

from bot.telegram.ordering import PerChatUpdateProcessor
from tests.auxil.telegram_offline import Person


async def test_chats_in_parallel_each_in_order() -> None:
    processor = PerChatUpdateProcessor(lambda chat_id: f"k{chat_id}", max_waiting_per_chat=10)
    bot = Bot("123:ABC")
    alice, bob = Person(user_id=11), Person(user_id=22)
    done: list[tuple[int, int]] = []

    async def handle(person: Person, n: int) -> None:
        await asyncio.sleep(0.2)
        done.append((person.user_id, n))

    start = time.monotonic()
    await asyncio.gather(
        *(
            processor.process_update(person.text(bot, f"m{n}"), handle(person, n))
            for n in range(3)
            for person in (alice, bob)
        )
    )
    elapsed = time.monotonic() - start
    assert [n for who, n in done if who == 11] == [0, 1, 2]
    assert [n for who, n in done if who == 22] == [0, 1, 2]
    assert 0.55 < elapsed < 0.9  # three in a row per chat, both chats at once


async def test_a_flood_from_one_chat_is_cut_off() -> None:
    processor = PerChatUpdateProcessor(lambda chat_id: f"k{chat_id}", max_waiting_per_chat=3)
    bot = Bot("123:ABC")
    flooder = Person(user_id=33)
    handled: list[int] = []

    async def handle(n: int) -> None:
        await asyncio.sleep(0.05)
        handled.append(n)

    await asyncio.gather(*(processor.process_update(flooder.text(bot, "x"), handle(n)) for n in range(20)))
    assert handled == [0, 1, 2, 3]
    assert processor._locks == {}  # nothing kept once the chat is quiet
