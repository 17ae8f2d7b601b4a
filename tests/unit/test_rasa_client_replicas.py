"""A conversation goes to its replica; when that one refuses the connection, to the next on the ring."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.rasa_client import ChannelAuth, RasaClient, RasaDown, RasaUnreachable
from bot.ring import HashRing

REPLICAS = ["http://rasa-1", "http://rasa-2"]


def _client(down: set[str], seen: list[str], *, timeout_on: set[str] | None = None) -> RasaClient:
    def answer(request: httpx.Request) -> httpx.Response:
        where = f"http://{request.url.host}"
        seen.append(where)
        if where in down:
            raise httpx.ConnectError("refused", request=request)
        if where in (timeout_on or set()):
            raise httpx.ReadTimeout("slow", request=request)
        sender = json.loads(request.content)["sender"]
        return httpx.Response(200, json=[{"recipient_id": sender, "text": where}])

    return RasaClient(REPLICAS, ChannelAuth("c", "a"), transport=httpx.MockTransport(answer))


async def test_a_conversation_stays_on_its_replica() -> None:
    seen: list[str] = []
    async with _client(set(), seen) as client:
        for n in range(20):
            sender = f"tg-{n}"
            [reply] = await client.send(sender, "hallo")
            assert reply["text"] == HashRing(REPLICAS).node(sender)
    assert set(seen) == set(REPLICAS)  # both replicas get conversations


async def test_a_refused_replica_hands_its_conversations_to_the_next_and_is_skipped_for_a_while() -> None:
    seen: list[str] = []
    sender = next(f"tg-{n}" for n in range(100) if HashRing(REPLICAS).node(f"tg-{n}") == REPLICAS[0])
    async with _client({REPLICAS[0]}, seen) as client:
        [reply] = await client.send(sender, "hallo")
        assert reply["text"] == REPLICAS[1]
        await client.send(sender, "noch einmal")
    assert seen == [REPLICAS[0], REPLICAS[1], REPLICAS[1]]


async def test_a_message_that_may_have_arrived_is_never_sent_to_another_replica() -> None:
    seen: list[str] = []
    sender = next(f"tg-{n}" for n in range(100) if HashRing(REPLICAS).node(f"tg-{n}") == REPLICAS[0])
    async with _client(set(), seen, timeout_on={REPLICAS[0]}) as client:
        with pytest.raises(RasaDown) as raised:
            await client.send(sender, "hallo")
    assert not isinstance(raised.value, RasaUnreachable)
    assert seen == [REPLICAS[0]]


async def test_all_replicas_refusing_is_rasa_down() -> None:
    async with _client(set(REPLICAS), []) as client:
        with pytest.raises(RasaDown):
            await client.send("tg-1", "hallo")
