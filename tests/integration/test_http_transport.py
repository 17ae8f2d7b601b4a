"""httpx over aiohttp: requests arrive as sent, connections are kept, and failures keep their meaning.

A failure before anything was sent may go to another Rasa replica; one after the message went out
must not, or the message could be answered twice.
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from aiohttp import web

from bot.http_transport import AiohttpTransport
from bot.rasa_client import CHANNEL, ChannelAuth, RasaClient, RasaDown, RasaUnreachable
from tests.auxil.ports import free_port

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[tuple[str, list[tuple[str, int]]]]:
    """A local HTTP server answering every path with ``handler``; yields its URL and the peers seen."""
    peers: list[tuple[str, int]] = []

    async def record(request: web.Request) -> web.StreamResponse:
        peers.append(request.transport.get_extra_info("peername")[:2])  # type: ignore[union-attr]
        return await handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", peers
    finally:
        await runner.cleanup()


@asynccontextmanager
async def hanging_up(received: list[bytes]) -> AsyncIterator[str]:
    """A server that reads the request and closes the connection without an answer."""

    async def read_and_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.readuntil(b"\r\n\r\n"))
        writer.close()

    server = await asyncio.start_server(read_and_close, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


async def echo(request: web.Request) -> web.Response:
    body = await request.read()
    return web.json_response(
        {
            "method": request.method,
            "path": request.path_qs,
            "token": request.headers.get("X-Wegweiser-Token"),
            "type": request.headers.get("Content-Type"),
            "body": body.decode("utf-8"),
        },
        headers={"X-Answer": "yes"},
    )


async def test_requests_arrive_as_sent_and_answers_come_back() -> None:
    async with (
        serving(echo) as (url, _peers),
        httpx.AsyncClient(base_url=url, transport=AiohttpTransport()) as client,
    ):
        sent = await client.post(
            "/bot/sendMessage?x=1",
            data={"chat_id": "7", "text": "Привет & مرحبا"},
            headers={"X-Wegweiser-Token": "t"},
        )
        posted = await client.post("/webhooks/wegweiser/webhook", json={"message": "Kita?"})
        deleted = await client.delete("/conversations/abc")
    assert sent.status_code == 200 and sent.headers["X-Answer"] == "yes"
    assert sent.json()["path"] == "/bot/sendMessage?x=1"
    assert sent.json()["token"] == "t"
    assert httpx.QueryParams(sent.json()["body"]) == httpx.QueryParams(
        {"chat_id": "7", "text": "Привет & مرحبا"}
    )
    assert posted.json()["type"] == "application/json"
    assert posted.json()["body"].replace(" ", "") == '{"message":"Kita?"}'
    assert (deleted.json()["method"], deleted.json()["body"]) == ("DELETE", "")


async def test_a_compressed_answer_is_read_as_with_httpx_itself() -> None:
    async def packed(_request: web.Request) -> web.Response:
        return web.Response(
            body=gzip.compress(b'{"ok": true}'),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    async with (
        serving(packed) as (url, _peers),
        httpx.AsyncClient(transport=AiohttpTransport()) as client,
    ):
        assert (await client.get(url)).json() == {"ok": True}


async def test_connections_are_kept_between_requests() -> None:
    async with (
        serving(echo) as (url, peers),
        httpx.AsyncClient(base_url=url, transport=AiohttpTransport()) as client,
    ):
        for _ in range(5):
            assert (await client.get("/status")).status_code == 200
    assert len(peers) == 5 and len(set(peers)) == 1


async def test_a_refused_connection_means_nothing_was_sent() -> None:
    async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{free_port()}/status")


async def test_a_slow_answer_is_a_read_timeout() -> None:
    async def slow(_request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.Response(text="late")

    async with (
        serving(slow) as (url, _peers),
        httpx.AsyncClient(transport=AiohttpTransport(), timeout=0.2) as client,
    ):
        with pytest.raises(httpx.ReadTimeout):
            await client.get(url)


async def test_a_message_lost_after_sending_is_not_sent_to_another_replica() -> None:
    """Rasa may have taken the message before the connection broke: resending could answer twice."""
    received: list[bytes] = []
    async with (
        hanging_up(received) as broken,
        serving(echo) as (healthy, peers),
        RasaClient([broken, healthy], ChannelAuth("c", "a")) as client,
    ):
        sender = next(s for s in (f"p{n}" for n in range(40)) if client.route(s)[0] == broken)
        with pytest.raises(RasaDown) as failed:
            await client.send(sender, "Hallo")
    assert not isinstance(failed.value, RasaUnreachable)
    assert len(received) == 1 and CHANNEL.encode() in received[0]
    assert peers == []  # the healthy replica never saw the message


async def test_a_refused_replica_passes_the_message_on() -> None:
    async def answer(_request: web.Request) -> web.Response:
        return web.json_response([{"text": "Hallo!"}])

    down = f"http://127.0.0.1:{free_port()}"
    async with (
        serving(answer) as (healthy, peers),
        RasaClient([down, healthy], ChannelAuth("c", "a")) as client,
    ):
        sender = next(s for s in (f"p{n}" for n in range(40)) if client.route(s)[0] == down)
        assert await client.send(sender, "Hallo") == [{"text": "Hallo!"}]
    assert len(peers) == 1


def test_one_transport_serves_one_event_loop_after_another() -> None:
    """The CLI and tests run several event loops in turn with the same client."""
    transport = AiohttpTransport()
    client = httpx.AsyncClient(transport=transport)

    async def ask(*, last: bool) -> int:
        async with serving(echo) as (url, _peers):
            status = (await client.get(url)).status_code
        if last:
            await client.aclose()
        return status

    assert asyncio.run(ask(last=False)) == 200  # the first loop ends with its connection open
    assert asyncio.run(ask(last=True)) == 200  # and nothing warns about it (warnings are errors here)


def test_a_forgotten_transport_in_a_reference_cycle_closes_its_session_quietly() -> None:
    """A client nobody closed goes with the garbage collector; its session must not warn, even when
    the collector reaches the session before the transport (the order below forces that)."""
    transport = AiohttpTransport()
    client = httpx.AsyncClient(transport=transport)
    gc.collect()
    gc.freeze()  # the transport waits outside the collector while its session is made and aged

    async def ask(client: httpx.AsyncClient) -> int:
        async with serving(echo) as (url, _peers):
            return (await client.get(url)).status_code

    try:
        assert asyncio.run(ask(client)) == 200
        gc.collect()  # the session is now older than anything but the frozen transport
    finally:
        gc.unfreeze()  # the transport joins the oldest objects after its session
    cycle: dict[str, object] = {"client": client}
    cycle["self"] = cycle
    transport.cycle = cycle  # type: ignore[attr-defined]
    del transport, client, cycle
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        gc.collect()
    assert [str(w.message) for w in seen if "nclosed" in str(w.message)] == []
