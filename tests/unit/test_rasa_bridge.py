"""Failures by cause: only an unavailable engine means outage mode, and only once a probe confirms it.

Rasa's channel is played by an httpx transport that answers as the real one does for each cause
(engine/wegweiser_engine/channel.py); the real channel is tested against real servers in
tests/integration.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from bot.rasa_bridge import RasaBridge
from bot.rasa_client import (
    ActionFailed,
    BadRequest,
    ChannelAuth,
    EmptyReply,
    EngineUnavailable,
    MessageFailed,
    RasaClient,
)
from tests.auxil.ports import free_port

REPLY = [{"custom": {"type": "meta", "language": "de"}}, {"text": "Hallo"}]


def fake_rasa(webhook: Callable[[], httpx.Response], *, actions_healthy: bool = True) -> RasaClient:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        if request.url.path == "/webhooks/wegweiser/":
            return httpx.Response(200, json={"status": "ok", "actions": actions_healthy})
        return webhook()

    return RasaClient("http://rasa", ChannelAuth("c", "a"), transport=httpx.MockTransport(answer))


def unreachable_rasa() -> RasaClient:
    return RasaClient(f"http://127.0.0.1:{free_port()}", ChannelAuth("c", "a"), timeout=2)


async def test_down_after_one_retry_then_no_more_waiting() -> None:
    bridge = RasaBridge(unreachable_rasa(), retry_after=0.2, probe_pauses=(60,))
    start = time.monotonic()
    with pytest.raises(EngineUnavailable):
        await bridge.send("tg-x", "Hallo", {})
    assert time.monotonic() - start >= 0.2  # tried twice
    assert not bridge.available
    start = time.monotonic()
    with pytest.raises(EngineUnavailable):
        await bridge.send("tg-x", "Hallo", {})
    assert time.monotonic() - start < 0.05  # while down, no one waits for a timeout
    await bridge.close()


@pytest.mark.parametrize(
    ("response", "failure"),
    [
        (httpx.Response(500, json={"error": "action_failed"}), ActionFailed),
        (httpx.Response(400, json={"error": "command_not_allowed"}), BadRequest),
        (httpx.Response(500, json={"error": "empty_reply"}), EmptyReply),
        (httpx.Response(200, json=[]), EmptyReply),
    ],
)
async def test_one_failed_message_fails_alone(response: httpx.Response, failure: type[Exception]) -> None:
    bridge = RasaBridge(fake_rasa(lambda: response), retry_after=0)
    with pytest.raises(failure):
        await bridge.send("tg-a", "/restart", {})
    assert bridge.available  # nobody else is switched to outage mode
    await bridge.close()


async def test_an_action_server_that_is_down_is_an_outage_once_the_probe_confirms() -> None:
    down = httpx.Response(502, json={"error": "action_server_down"})
    confirmed = RasaBridge(fake_rasa(lambda: down, actions_healthy=False), retry_after=0, probe_pauses=(60,))
    with pytest.raises(EngineUnavailable):
        await confirmed.send("tg-a", "Hallo", {})
    assert not confirmed.available
    await confirmed.close()
    # The probe finds the action server answering after all: only this message failed.
    refuted = RasaBridge(fake_rasa(lambda: down, actions_healthy=True), retry_after=0)
    with pytest.raises(MessageFailed):
        await refuted.send("tg-a", "Hallo", {})
    assert refuted.available
    await refuted.close()


async def test_the_reply_comes_through_untouched() -> None:
    bridge = RasaBridge(fake_rasa(lambda: httpx.Response(200, json=REPLY)))
    assert await bridge.send("tg-a", "Hallo", {}) == REPLY
    await bridge.close()


async def test_error_texts_never_echo_the_body() -> None:
    bridge = RasaBridge(fake_rasa(lambda: httpx.Response(500, text="Traceback … my name is Zuleykha")))
    with pytest.raises(ActionFailed) as failed:
        await bridge.send("tg-a", "Hallo", {})
    assert "Zuleykha" not in str(failed.value)
    await bridge.close()


async def test_forget_reports_failure() -> None:
    bridge = RasaBridge(unreachable_rasa())
    assert await bridge.forget("tg-x") is False
    await bridge.close()
