"""Run in .venv-rasa: Rasa's calls to the action server through ``wegweiser_engine.speedups`` (one kept
client session, ``ujson`` bodies) against Rasa's own ``EndpointConfig.request``, on a real HTTP server:
the same body arrives, the same reply and the same error come back, connections are reused, and a
call after the server restarted on its port is answered.

Reads a JSON job on stdin ({"port": n}), prints a JSON result on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from aiohttp import web
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from wegweiser_engine import speedups

BODY = {
    "next_action": "action_answer",
    "tracker": {
        "latest_message": {"text": "Wo finde ich eine Ärztin? ما هو Bürgergeld؟", "confidence": 0.1 + 0.2},
        "events": [{"event": "user", "timestamp": 1733300000.123456, "parse_data": {"n": None}}],
    },
}


class Server:
    """A stand-in action server that notes what it was sent and over which connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bodies: list[Any] = []
        self.connections: set[tuple[str, int]] = set()
        self.runner: web.AppRunner | None = None

    async def webhook(self, request: web.Request) -> web.Response:
        self.connections.add(request.transport.get_extra_info("peername"))  # type: ignore[union-attr]
        self.bodies.append(await request.json())
        return web.json_response(
            {"events": [], "responses": [{"text": "Hallo"}], "token": request.headers.get("X-T")}
        )

    async def failing(self, request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=500, text='{"error": "action_failed"}', content_type="application/json")

    async def plain(self, request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/webhook", self.webhook)
        app.router.add_post("/failing", self.failing)
        app.router.add_post("/plain", self.plain)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


async def calls(request: Any, endpoint: EndpointConfig, server: Server) -> dict[str, Any]:
    """Five calls, a failing one and a plain-text one, then one after the server restarted."""
    server.bodies.clear()
    server.connections.clear()
    replies = [
        await request(endpoint, json=BODY, method="post", subpath="webhook", timeout=300) for _ in range(5)
    ]
    connections = len(server.connections)
    try:
        await request(endpoint, json=BODY, method="post", subpath="failing", timeout=300)
        failure: Any = None
    except ClientResponseError as error:
        failure = [
            error.status,
            error.message,
            error.text.decode() if isinstance(error.text, bytes) else error.text,
        ]
    plain = await request(endpoint, json=BODY, method="post", subpath="plain", timeout=300)
    await server.stop()
    await server.start()
    after_restart = await request(endpoint, json=BODY, method="post", subpath="webhook", timeout=300)
    return {
        "replies": replies,
        "bodies_same": all(body == BODY for body in server.bodies),
        "bodies": len(server.bodies),
        "connections": connections,
        "failure": failure,
        "plain": plain,
        "after_restart": after_restart,
    }


async def main(job: dict[str, Any]) -> dict[str, Any]:
    server = Server(job["port"])
    await server.start()
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{job['port']}", headers={"X-T": "token"})
    rasa = await calls(speedups._rasa_request, endpoint, server)
    speedups.apply()
    ours = await calls(EndpointConfig.request, endpoint, server)
    await speedups.close_sessions()
    await server.stop()
    return {
        "patched": EndpointConfig.request is speedups._request,
        "rasa": rasa,
        "ours": ours,
        "sessions_left": len(speedups._sessions),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
