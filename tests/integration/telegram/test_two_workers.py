"""Webhook mode with two workers behind a reverse proxy that hands one chat's updates to both in turn:
with ``WEGWEISER_ADAPTER_STATE=redis`` the person still gets the replies in order, no faster than one
chat's rate limit, and a language chosen during an outage holds on the other worker too."""

from __future__ import annotations

import itertools
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from pydantic import SecretStr

from bot.config import AdapterState
from bot.i18n import messages as m
from bot.i18n import translate
from bot.telegram.ordering import MAX_WAITING_PER_CHAT
from bot.telegram.ratelimit import CHAT_BURST, CHAT_PER_SECOND
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, webhook_secret
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import BotMessage, LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, start_webhook_app

pytestmark = [pytest.mark.stack, pytest.mark.redis]

TOKEN = "7000000003:AAE-wegweiser-local-test-token_000002"
"""A bot of its own on the local Bot API, apart from the polling and the single-webhook tests."""
REDIS_DB = 4
ARABIC = re.compile("[\u0600-\u06ff]")
_update_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)
_user_ids = itertools.count(7394555001, 7919)


@pytest.fixture(scope="module")
def workers(stack: RunningStack, bot_api: LocalBotApi) -> Iterator[list[RunningAdapter]]:
    prefix = f"wgtest{uuid.uuid4().hex[:10]}"
    shared: dict[str, Any] = {
        "telegram_bot_token": SecretStr(TOKEN),
        "adapter_state": AdapterState.REDIS,
        "redis_url": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "redis_prefix": prefix,
    }
    started: list[RunningAdapter] = []
    try:
        for name in ("worker-1", "worker-2"):
            started.append(start_webhook_app(stack, bot_api, name=name, **shared))
        yield started
    finally:
        for worker in started:
            worker.stop()
        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


class Proxy:
    """The reverse proxy: each update of one person goes to the next worker, as Telegram sent it."""

    def __init__(self, workers: list[RunningAdapter], user: TelegramUser) -> None:
        self.workers = workers
        self.user = user
        self.turn = itertools.cycle(workers)
        self.secret = webhook_secret(workers[0].settings)

    def send(self, text: str) -> RunningAdapter:
        worker = next(self.turn)
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        update = {"update_id": next(_update_ids), **self.user.raw_message(next(_update_ids), **content)}
        response = httpx.post(
            f"{worker.settings.web_url}{WEBHOOK_PATH}",
            json=update,
            headers={SECRET_HEADER: self.secret},
            trust_env=False,
            timeout=10,
        )
        assert response.status_code == 200
        return worker


def _proxy(bot_api: LocalBotApi, workers: list[RunningAdapter]) -> Proxy:
    return Proxy(workers, bot_api.user(next(_user_ids), language_code="de", token=TOKEN))


def _timed_replies(user: TelegramUser, count: int, timeout: float = 60) -> list[tuple[float, BotMessage]]:
    got: list[tuple[float, BotMessage]] = []
    deadline = time.monotonic() + timeout
    while len(got) < count:
        assert time.monotonic() < deadline, f"only {len(got)} of {count} replies: {got}"
        got += [(time.monotonic(), message) for message in user._fetch()]
        time.sleep(0.05)
    return got


def test_replies_come_in_the_order_of_the_messages(
    bot_api: LocalBotApi, workers: list[RunningAdapter]
) -> None:
    proxy = _proxy(bot_api, workers)
    privacy = translate("de", m.PRIVACY).split("\n")[0]
    proxy.send("Ich habe keine Krankenversicherung")  # worker 1: through Rasa, slower
    proxy.send("/privacy")  # worker 2: answered without Rasa, at once if nobody waited
    replies = proxy.user.replies(lambda got: any(r.text.startswith(privacy) for r in got), timeout=60)
    assert not replies[0].text.startswith(privacy), [r.text[:60] for r in replies]
    assert replies[-1].text.startswith(privacy)


def test_both_workers_keep_one_rate_limit_per_chat(
    bot_api: LocalBotApi, workers: list[RunningAdapter]
) -> None:
    proxy = _proxy(bot_api, workers)
    count = MAX_WAITING_PER_CHAT * 2 + 2  # four each: none is left out as "sending too fast"
    for _ in range(count):
        proxy.send("/privacy")
    timed = _timed_replies(proxy.user, count)
    span = timed[count - 1][0] - timed[0][0]
    # One limit: a burst of three, then one a second (5 s for eight). Two limits, one per worker,
    # would send four each within about a second.
    one_limit = (count - CHAT_BURST) / CHAT_PER_SECOND
    assert span >= 0.7 * one_limit, f"{count} messages within {span:.2f} s"


def test_a_language_chosen_during_an_outage_holds_on_the_other_worker(
    bot_api: LocalBotApi, workers: list[RunningAdapter], stack: RunningStack, rasa_comes_back: None
) -> None:
    proxy = _proxy(bot_api, workers)
    stack.kill("rasa")
    proxy.send("/language ar")  # worker 1 finds the engine down and answers from the menu
    chosen = proxy.user.replies()
    assert any(ARABIC.search(r.text) for r in chosen), [r.text[:60] for r in chosen]
    prefix = workers[0].settings.redis_prefix
    assert redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).exists(f"{prefix}:adapter:engine-down")

    proxy.send("Wohnung")  # worker 2: it knows the engine is down, and the chosen language
    answered = proxy.user.replies()
    assert answered and all(ARABIC.search(r.text) for r in answered if r.text), [
        r.text[:60] for r in answered
    ]
