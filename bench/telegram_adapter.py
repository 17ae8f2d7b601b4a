"""Benchmark: what the Telegram adapter itself costs, without Telegram's cloud and without Rasa.

Run by hand: ``.venv/bin/python bench/telegram_adapter.py [--chats 2000]``. Prints
- render time per reply (an answer with buttons; five service cards), in microseconds;
- adapter throughput and latency per update through the real application on an offline Bot API
  (python-telegram-bot's request-class approach), one message each from ``--chats`` chats at once,
  Rasa unreachable so every topic button is answered from the database (degraded mode);
- the memory the session table takes per conversation.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bot.config import PROJECT_ROOT, load_settings
from bot.content.seed import seed
from bot.replies.contract import Reply
from bot.replies.memory import ConversationMemory
from bot.telegram.application import build_application
from bot.telegram.render import render

sys.path.insert(0, str(PROJECT_ROOT))
from tests.auxil.ports import free_port
from tests.auxil.telegram_offline import OfflineBotApi, Person
from tests.unit.replies.test_cards import CARD

META = {"custom": {"type": "meta", "language": "ar", "rtl": True, "intent": "x", "topic": None}}
ANSWER = [
    META,
    {
        "text": "اتصل على 0800 111 0 111 أو 116 117. التأمين الصحي (Krankenkasse) مهم.\n\n" * 3,
        "buttons": [
            {"title": "خدمات قريبة", "payload": "/find_service"},
            {"title": "مواضيع أخرى", "payload": "/help"},
        ],
    },
]
CARDS = [META, *({"custom": {"type": "service_card", "service": CARD}} for _ in range(5))]


def per_call_us(function: object, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        function()  # type: ignore[operator]
    return (time.perf_counter() - start) / rounds * 1e6


async def adapter_run(chats: int, *, limited: bool) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        var = Path(folder)
        settings = load_settings(
            var_dir=var,
            database_url=f"sqlite:///{var / 'wegweiser.db'}",
            rasa_port=free_port(),
            telegram_bot_token="1:bench",
        )
        seed(settings, echo=lambda line: None)
        api = OfflineBotApi()
        application = build_application(settings, request=api)
        if not limited:  # measure the adapter, not Telegram's 30 messages a second
            application.bot._rate_limiter = None
        async with application:
            warm = Person(user_id=1)
            await application.process_update(warm.press(application.bot, "/housing_search"))
            latencies: list[float] = []

            async def one(n: int) -> None:
                person = Person(user_id=10_000 + n)
                update = person.press(application.bot, "/health_insurance")
                started = time.perf_counter()
                await application.process_update(update)
                latencies.append((time.perf_counter() - started) * 1000)

            start = time.perf_counter()
            await asyncio.gather(*(one(n) for n in range(chats)))
            elapsed = time.perf_counter() - start
        return chats / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=2000)
    args = parser.parse_args()

    answer_us = per_call_us(lambda: render(Reply.from_wire(ANSWER, fallback_language="de")), 2000)
    cards_us = per_call_us(lambda: render(Reply.from_wire(CARDS, fallback_language="de")), 500)
    print(f"render, an answer with buttons (Arabic): {answer_us:8.1f} µs")
    print(f"render, five service cards (Arabic):     {cards_us:8.1f} µs")

    for limited in (False, True):
        rate, latencies = asyncio.run(adapter_run(args.chats, limited=limited))
        cuts = statistics.quantiles(latencies, n=100)
        label = "with Telegram's rate limits" if limited else "without rate limits"
        print(
            f"adapter, {args.chats} chats at once, topic answers from the database ({label}): "
            f"{rate:.0f} updates/s; latency p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms"
        )

    tracemalloc.start()
    memory = ConversationMemory(1800)
    before = tracemalloc.get_traced_memory()[0]
    for n in range(100_000):
        memory.get(f"tg-{n:032x}").language = "ar"
    after = tracemalloc.get_traced_memory()[0]
    print(f"conversation memory: {(after - before) / 100_000:.0f} bytes per conversation (100,000 held)")


if __name__ == "__main__":
    main()
