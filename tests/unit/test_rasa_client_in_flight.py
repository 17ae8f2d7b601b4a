"""A burst of messages reaches one Rasa at most ``IN_FLIGHT`` at a time; the rest wait their turn and are
all answered, and a message that cannot get a turn in time is told apart like a slow Rasa."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.rasa_client import IN_FLIGHT, ChannelAuth, RasaClient, RasaDown, RasaUnreachable


async def held_by(rasa: SlowRasa, count: int) -> None:
    """Wait until Rasa holds ``count`` requests, then give the waiting ones every chance to get in."""
    async with asyncio.timeout(10):
        while rasa.holding < count:
            await asyncio.sleep(0.001)
    for _ in range(50):
        await asyncio.sleep(0)


class SlowRasa:
    """Answers once let go, noting how many requests it held at once."""

    def __init__(self) -> None:
        self.holding = 0
        self.most = 0
        self.go = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.holding += 1
        self.most = max(self.most, self.holding)
        await self.go.wait()
        self.holding -= 1
        sender = json.loads(request.content)["sender"]
        return httpx.Response(200, json=[{"recipient_id": sender, "text": "ok"}])


async def test_a_burst_is_answered_in_turns_of_at_most_in_flight() -> None:
    rasa = SlowRasa()
    async with RasaClient(
        "http://rasa", ChannelAuth("c", "a"), transport=httpx.MockTransport(rasa)
    ) as client:
        sending = [asyncio.create_task(client.send(f"tg-{n}", "hallo")) for n in range(IN_FLIGHT + 15)]
        await held_by(rasa, IN_FLIGHT)
        assert rasa.holding == IN_FLIGHT  # the rest wait here, not in Rasa's queue
        rasa.go.set()
        replies = await asyncio.gather(*sending)
    assert rasa.most == IN_FLIGHT
    assert [reply["recipient_id"] for [reply] in replies] == [f"tg-{n}" for n in range(IN_FLIGHT + 15)]


async def test_no_turn_within_the_timeout_is_rasa_down_not_unreachable() -> None:
    rasa = SlowRasa()
    transport = httpx.MockTransport(rasa)
    async with RasaClient("http://rasa", ChannelAuth("c", "a"), timeout=0.2, transport=transport) as client:
        holding = [asyncio.create_task(client.send(f"tg-{n}", "hallo")) for n in range(IN_FLIGHT)]
        await held_by(rasa, IN_FLIGHT)
        with pytest.raises(RasaDown) as raised:
            await client.send("tg-late", "hallo")
        assert not isinstance(raised.value, RasaUnreachable)  # it may be busy: never tried elsewhere
        rasa.go.set()
        await asyncio.gather(*holding)
        [reply] = await client.send("tg-late", "noch einmal")  # the turns were given back
    assert reply["text"] == "ok"
