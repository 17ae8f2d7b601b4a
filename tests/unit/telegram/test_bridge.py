"""When Rasa cannot be reached, the adapter stops waiting for it at once and keeps answering."""

from __future__ import annotations

import time

from bot.rasa_client import ChannelAuth, RasaClient
from bot.telegram.bridge import RasaBridge
from tests.auxil.ports import free_port


def unreachable_rasa() -> RasaClient:
    return RasaClient(f"http://127.0.0.1:{free_port()}", ChannelAuth("c", "a"), timeout=2)


async def test_down_after_one_retry_then_no_more_waiting() -> None:
    bridge = RasaBridge(unreachable_rasa(), retry_after=0.2)
    start = time.monotonic()
    assert await bridge.send("tg-x", "Hallo", {}) is None
    assert time.monotonic() - start >= 0.2  # tried twice
    assert not bridge.available
    start = time.monotonic()
    assert await bridge.send("tg-x", "Hallo", {}) is None
    assert time.monotonic() - start < 0.05  # while down, no one waits for a timeout
    await bridge.close()


async def test_forget_reports_failure() -> None:
    bridge = RasaBridge(unreachable_rasa())
    assert await bridge.forget("tg-x") is False
    await bridge.close()
