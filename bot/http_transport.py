"""httpx requests carried by aiohttp: the same client API (and test transports), a fraction of the CPU.

At 80 messages/s httpx's own connection pool (httpcore) was a third of the web app's time, for one
request to Rasa and one or two to the Bot API per message; aiohttp sends the same request for a
fraction of that (a local micro-benchmark: 0.27 against 1.83 ms of CPU, server included;
docs/performance.md). The Rasa client and python-telegram-bot keep talking httpx; only
the transport underneath changes.

Errors keep their meaning for the callers: :class:`httpx.ConnectError` and
:class:`httpx.ConnectTimeout` only when no connection was made, so nothing was sent and another
replica may take the message; a connection that breaks or times out after the request went out is a
:class:`httpx.ReadError` or :class:`httpx.ReadTimeout`, never retried elsewhere.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import aiohttp
import httpx


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except aiohttp.ConnectionTimeoutError as exc:  # no connection in time (new or from the pool)
        raise httpx.ConnectTimeout(str(exc) or "connection timed out") from exc
    except aiohttp.SocketTimeoutError as exc:  # the request went out; no answer in time
        raise httpx.ReadTimeout(str(exc) or "no answer in time") from exc
    except aiohttp.ClientConnectorError as exc:  # refused, unknown host: nothing was sent
        raise httpx.ConnectError(str(exc)) from exc
    except aiohttp.ClientError as exc:  # disconnected mid-request, a broken answer
        raise httpx.ReadError(f"{type(exc).__name__}: {exc}") from exc


KEEP_IDLE = 4.0
"""Seconds an idle connection is kept: below the 5 s after which uvicorn and Sanic close one, so a
request does not go out on a connection the server is closing at that moment (aiohttp's default is 15)."""


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


_Held = tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession] | None
"""A transport's session and the event loop it serves, or none yet."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Keeps up to ``connections`` connections open per event loop (a session serves one loop)."""

    def __init__(self, *, connections: int = 100) -> None:
        self._connections = connections
        self._slot: list[_Held] = [None]
        """The session and its loop, in a list that the finalizer shares without holding the transport."""
        # A client nobody closed (an application shut down without its post_shutdown hook) must not
        # leave aiohttp warning about an unclosed session. Not ``__del__``: when the transport goes
        # with a reference cycle, the session's own ``__del__`` may run first and warn; weak-reference
        # callbacks run before any of them.
        weakref.finalize(self, _drop_slot, self._slot)

    def _session_here(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        held = self._slot[0]
        if held is None or held[0] is not loop or held[1].closed:
            if held is not None:
                _drop(held[1])
            connector = aiohttp.TCPConnector(limit=self._connections, keepalive_timeout=KEEP_IDLE)
            held = self._slot[0] = (loop, aiohttp.ClientSession(connector=connector, trust_env=False))
        return held[1]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout", {})
        pool, connect = timeout.get("pool"), timeout.get("connect")
        body = await request.aread()
        headers = [(k, v) for k, v in request.headers.multi_items() if k != "transfer-encoding"]
        with _as_httpx_errors():
            response = await self._session_here().request(
                request.method,
                str(request.url),
                headers=headers,
                data=body or None,
                allow_redirects=False,
                auto_decompress=False,  # httpx decodes, as with its own transport
                compress=False,
                timeout=aiohttp.ClientTimeout(
                    connect=None if pool is None or connect is None else pool + connect,
                    sock_connect=connect,
                    sock_read=timeout.get("read"),
                ),
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response),
            request=request,
            extensions={"http_version": b"HTTP/1.1"},
        )

    async def aclose(self) -> None:
        held, self._slot[0] = self._slot[0], None
        if held is not None:
            loop, session = held
            if loop is asyncio.get_running_loop():
                await session.close()
            else:
                _drop(session)


def _drop_slot(slot: list[_Held]) -> None:
    held, slot[0] = slot[0], None
    if held is not None:
        _drop(held[1])


def _drop(session: aiohttp.ClientSession) -> None:
    """Let go of a session of another event loop (one that has ended, as a rule): its connections
    are closed without awaiting that loop, and nothing warns about them later."""
    connector = session.connector
    session.detach()
    if connector is not None:
        connector._close()  # the synchronous part of close(); close() would need the session's loop
