"""The fuzz suite: over 10,000 generated updates through the adapter — no crash, no stall for others,
no identity in any log or file.

Part 1 runs 10,000 updates through the adapter's own intake and update handling in-process (the
screening of each ``getUpdates`` batch, python-telegram-bot's parsing, the per-chat processor,
the handlers, rendering, sending), with Rasa and the Bot API replaced by fast fakes, because the
test is about the adapter: Telegram's real 30-messages-a-second limit would make 10,000 replies
take six minutes. Meanwhile another person writes every 0.2 s and the time to their answer is
measured with the real clock. Part 2 sends a few hundred generated updates — malformed ones too —
through the local Bot API server to the polling adapter over HTTP, with Telegram's real limits, while
another person keeps writing.

Bounds: in part 1 a probe is normally answered within ~0.05 s (measured 0.02–0.3 s on a loaded
2-core machine); the bound is the 2 s of the issue. In part 2 the answer travels through two HTTP
hops, the server's long poll, the client's 0.1 s polling and the shared 30/s send limit with the
fuzz replies; the bound there is 5 s (measured about 1 s).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.ext import Application

from bot.config import Settings, load_settings
from bot.rasa_client import ChannelAuth, RasaClient
from bot.telegram.application import ALLOWED_UPDATES, build_adapter, build_application
from bot.telegram.intake import UnreadableUpdates, screen_batch
from bot.telegram.logs import quiet_libraries
from bot.telegram.ratelimit import ChatRateLimiter
from tests.auxil.fuzz_updates import NAME_MARK, TEXT_MARK, UpdateFactory
from tests.auxil.privacy import text_forms, traces
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.telegram_offline import Call, OfflineBotApi, Person
from tests.auxil.telegram_server import LocalBotApi

App = Application  # type: ignore[type-arg]

UPDATES = 10_000
IN_FLIGHT = 64
"""Updates handed to the adapter at once: as many as it handles concurrently (MAX_CONCURRENT)."""
STALL_BOUND = 2.0
HTTP_STALL_BOUND = 5.0
PROBE_ID = 5_999_000_001
INTERNAL = ("/restart", "/session_start", "/back", "/nlu_fallback", "/action_listen")
IDS = re.compile(r"(?<![0-9A-Za-z])-?(?:100)?61\d{8}(?![0-9A-Za-z])")
"""The generated chat and user ids as numbers (not digits inside a hex pseudonym like tg-…e6140162539a…)."""


async def fake_rasa(request: httpx.Request) -> httpx.Response:
    """Rasa's channel as the adapter sees it: a short reply, internal commands refused."""
    if request.url.path == "/status":
        return httpx.Response(200, json={"model_file": "m.tar.gz"})
    if request.url.path == "/webhooks/wegweiser/":
        return httpx.Response(200, json={"status": "ok", "actions": True})
    if request.method == "DELETE":
        return httpx.Response(200, json={"deleted": True})
    text = json.loads(request.content)["message"]
    if text.lstrip().startswith(INTERNAL):
        return httpx.Response(400, json={"error": "command_not_allowed"})
    await asyncio.sleep(0.002)
    meta = {"custom": {"type": "meta", "language": "de", "intent": "help"}}
    return httpx.Response(
        200, json=[meta, {"text": "Antwort", "buttons": [{"title": "Menü", "payload": "/help"}]}]
    )


class CountingBotApi(OfflineBotApi):
    """The offline Bot API that notes when the probe person is answered and keeps no texts."""

    def __init__(self) -> None:
        super().__init__()
        self.probe_answers: asyncio.Queue[float] = asyncio.Queue()
        self.sent_count = 0

    async def do_request(
        self, url: str, method: str, request_data: Any = None, **kw: Any
    ) -> tuple[int, bytes]:
        answer = await super().do_request(url, method, request_data, **kw)
        call: Call = self.calls.pop()
        if call.method == "sendMessage":
            self.sent_count += 1
            if str(call.params.get("chat_id")) == str(PROBE_ID):
                self.probe_answers.put_nowait(time.monotonic())
        return answer


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def records() -> Iterator[Records]:
    handler = Records()
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    quiet_libraries()  # as the adapter runs: libraries capped and redacted
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def fuzz_settings(tmp_path: Path, small_directory: Path, **overrides: Any) -> Settings:
    var = tmp_path / "var"
    var.mkdir()
    values: dict[str, Any] = {"telegram_bot_token": "123456:fuzz-test-token", **overrides}
    return load_settings(var_dir=var, database_url=copy_small_directory(small_directory, var), **values)


def fake_rasa_client() -> RasaClient:
    return RasaClient("http://rasa", ChannelAuth("c", "a"), transport=httpx.MockTransport(fake_rasa))


def assert_nothing_identifying(lines: list[str], var: Path) -> None:
    text = "\n".join(lines)
    assert NAME_MARK not in text and NAME_MARK.lower() not in text, "a name or username was logged"
    assert TEXT_MARK not in text, "a message text was logged"
    assert "50.9375312" not in text and "4915199887766" not in text
    assert not IDS.findall(text), f"ids were logged: {IDS.findall(text)[:5]}"
    needles = {"names": text_forms(NAME_MARK) + text_forms(NAME_MARK.lower()), "texts": text_forms(TEXT_MARK)}
    assert traces([var], needles) == []


async def test_ten_thousand_updates_in_process(
    tmp_path: Path, small_directory: Path, records: Records
) -> None:
    settings = fuzz_settings(tmp_path, small_directory)
    api = CountingBotApi()
    adapter = build_adapter(settings, rasa_client=fake_rasa_client())
    generous = ChatRateLimiter(
        adapter.door.sender_of, overall_per_second=1e6, chat_per_second=1e6, chat_burst=10**6
    )
    application = build_application(settings, request=api, adapter=adapter, rate_limiter=generous)
    factory = UpdateFactory(seed=14)
    latencies: list[float] = []
    unreadable_batches = 0
    handled = 0
    started = time.monotonic()

    async with application:
        processor = application.update_processor
        gate = asyncio.Semaphore(IN_FLIGHT)
        tasks: set[asyncio.Task[None]] = set()
        done = asyncio.Event()

        async def run(update: Update, release: bool) -> None:
            try:
                await processor.process_update(update, application.process_update(update))
            finally:
                if release:
                    gate.release()

        def start(update: Update, release: bool = True) -> None:
            task = asyncio.create_task(run(update, release))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        async def probe() -> None:
            person = Person(user_id=PROBE_ID, language_code="de")
            while not done.is_set():
                sent = time.monotonic()
                start(person.text(application.bot, "Hallo"), release=False)
                answered = await asyncio.wait_for(api.probe_answers.get(), timeout=30)
                latencies.append(answered - sent)
                await asyncio.sleep(0.2)

        prober = asyncio.create_task(probe())
        while handled < UPDATES:
            try:
                batch = screen_batch(factory.batch(IN_FLIGHT))
            except UnreadableUpdates:
                unreadable_batches += 1
                continue
            for entry in batch:
                update = Update.de_json(entry, application.bot)  # screened: always parses
                await gate.acquire()
                start(update)
                handled += 1
        while tasks:
            await asyncio.gather(*list(tasks))
        done.set()
        await prober

    elapsed = time.monotonic() - started
    failures = [line for line in records.lines if "handling an update failed" in line]
    print(
        f"\nfuzz in-process: {handled} updates in {elapsed:.1f} s, {api.sent_count} messages sent, "
        f"{len(latencies)} probes, slowest {max(latencies):.3f} s, {len(failures)} handler failures"
    )
    assert handled >= UPDATES
    assert api.sent_count > UPDATES // 3, "the adapter stopped answering"
    assert len(latencies) >= 5 and max(latencies) < STALL_BOUND, sorted(latencies)[-5:]
    assert failures == [], failures[:5]
    assert_nothing_identifying(records.lines, settings.var)


async def test_generated_updates_through_the_local_bot_api(
    tmp_path: Path, small_directory: Path, bot_api: LocalBotApi, records: Records
) -> None:
    settings = fuzz_settings(
        tmp_path, small_directory, telegram_base_url=bot_api.base_url, telegram_bot_token=bot_api.token
    )
    application = build_application(settings, adapter=build_adapter(settings, rasa_client=fake_rasa_client()))
    factory = UpdateFactory(seed=1914, people=60)
    probe = bot_api.user(PROBE_ID, language_code="en")
    latencies: list[float] = []
    sent = 0
    async with application:
        await application.updater.start_polling(  # type: ignore[union-attr]
            poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        await application.start()
        try:
            for _round in range(8):
                batch = [u for u in factory.batch(40) if _json_safe(u)]
                for update in batch:
                    update.pop("update_id", None)  # the server numbers them
                await asyncio.to_thread(bot_api.send_raw_updates, batch)
                sent += len(batch)
                asked = time.monotonic()
                await asyncio.to_thread(probe.send, "/menu")
                await asyncio.to_thread(probe.replies, lambda got: bool(got), timeout=30)
                latencies.append(time.monotonic() - asked)
            await asyncio.to_thread(probe.send, "/privacy")
            got = await asyncio.to_thread(probe.replies)
            assert got and got[-1].text, "the adapter still answers after the fuzz"
        finally:
            await application.updater.stop()  # type: ignore[union-attr]
            await application.stop()
    print(f"\nfuzz over HTTP: {sent} updates, probe answered in at most {max(latencies):.2f} s")
    assert max(latencies) < HTTP_STALL_BOUND, latencies
    assert not [line for line in records.lines if "handling an update failed" in line]
    assert_nothing_identifying(records.lines, settings.var)


def _json_safe(update: dict[str, Any]) -> bool:
    """Whether the update survives the trip as strict JSON (the Node server rejects NaN)."""
    try:
        json.dumps(update, allow_nan=False)
    except ValueError:
        return False
    return True
