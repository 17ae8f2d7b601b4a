"""Updates of different chats run side by side; one chat's updates keep their order."""

from __future__ import annotations

import asyncio
import time

from telegram import Bot, Update

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


async def test_a_burst_answers_the_latest_and_says_so_once() -> None:
    told: list[int] = []

    async def notice(update: Update) -> None:
        assert update.effective_chat is not None
        told.append(update.effective_chat.id)

    # Few shared places: left-out updates must give theirs back at once, or the flood would take them all.
    processor = PerChatUpdateProcessor(
        lambda chat_id: f"k{chat_id}", max_concurrent_updates=8, max_waiting_per_chat=3, on_flood=notice
    )
    bot = Bot("123:ABC")
    flooder, other = Person(user_id=33), Person(user_id=44)
    handled: list[int] = []
    others: list[float] = []

    async def handle(n: int) -> None:
        await asyncio.sleep(0.02)
        handled.append(n)

    async def handle_other() -> None:
        others.append(time.monotonic())

    burst = [flooder.text(bot, f"m{n}") for n in range(300)]
    hello = other.text(bot, "Hallo")
    start = time.monotonic()
    await asyncio.gather(
        *(processor.process_update(update, handle(n)) for n, update in enumerate(burst)),
        processor.process_update(hello, handle_other()),
    )
    assert handled[0] == 0 and handled[-3:] == [297, 298, 299]  # the first, then the latest
    assert len(handled) <= 10  # 4 when the burst arrives at once; a few more when it trickles in under load
    assert told == [33]  # told once, not 296 times
    assert others and others[0] - start < 1.0  # the other chat never waited for the flood (~0.02 s)
    assert processor._chats == {}  # nothing kept once the chats are quiet


async def test_a_second_burst_within_a_minute_is_not_told_again() -> None:
    told: list[int] = []

    async def notice(update: Update) -> None:
        told.append(1)

    processor = PerChatUpdateProcessor(lambda chat_id: "k", max_waiting_per_chat=1, on_flood=notice)
    bot = Bot("123:ABC")
    person = Person(user_id=55)

    async def handle() -> None:
        await asyncio.sleep(0.01)

    for _burst in range(2):
        await asyncio.gather(*(processor.process_update(person.text(bot, "x"), handle()) for _ in range(10)))
        await asyncio.sleep(0)
    assert told == [1]
