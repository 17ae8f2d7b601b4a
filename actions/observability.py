"""The action server's ``/readyz`` and ``/metrics``, and what it counts: action runs, failures, time.

Labels are action names from the executor's own registry (anything else Rasa might send counts as
``other``), so nothing a person wrote can reach a label; the topic and language of the conversation
are counted where the reply arrives (``bot.observability.metrics``), not here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection

from prometheus_client import Counter, Histogram
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from bot.config import Settings
from bot.observability.health import database_ready, verdict
from bot.observability.metrics import LATENCY_BUCKETS, OTHER, exposition

ACTION_RUNS = Counter("wegweiser_action_runs", "Custom action calls from Rasa, by action.", ["action"])
ACTION_FAILURES = Counter(
    "wegweiser_action_failures", "Custom action calls that failed (answered 500), by action.", ["action"]
)
ACTION_SECONDS = Histogram(
    "wegweiser_action_seconds", "Time to run a custom action, by action.", ["action"], buckets=LATENCY_BUCKETS
)

PATHS = frozenset({"/readyz", "/metrics"})
"""Open like ``/health``: they show no content (the server is bound to 127.0.0.1 or a private network)."""


def _action_of(request: Request, known: Collection[str]) -> str:
    try:
        body = request.json
    except Exception:  # not JSON: the guard refuses it anyway
        return OTHER
    name = body.get("next_action") if isinstance(body, dict) else None
    return name if isinstance(name, str) and name in known else OTHER


def observe(app: Sanic, settings: Settings, actions: Collection[str]) -> Sanic:  # type: ignore[type-arg]
    """Add ``/readyz``, ``/metrics`` and the per-action metrics to rasa-sdk's app."""

    @app.get("/readyz")
    async def readyz(_request: Request) -> HTTPResponse:
        ready = await asyncio.get_running_loop().run_in_executor(None, database_ready, settings.db_url)
        body, status = verdict({"database": ready, "actions": bool(actions)})
        return response.json(body, status=status)

    @app.get("/metrics")
    async def metrics(_request: Request) -> HTTPResponse:
        data, content_type = exposition()
        return response.raw(data, content_type=content_type)

    @app.on_request
    async def start_clock(request: Request) -> None:
        if request.path == "/webhook" and request.method == "POST":
            request.ctx.action_started = time.perf_counter()

    async def count(request: Request, result: BaseHTTPResponse) -> None:
        started = getattr(request.ctx, "action_started", None)
        if started is None or result.status in (400, 401):
            return
        action = _action_of(request, actions)
        ACTION_RUNS.labels(action).inc()
        ACTION_SECONDS.labels(action).observe(time.perf_counter() - started)
        if result.status >= 500:
            ACTION_FAILURES.labels(action).inc()

    app.register_middleware(count, "response")
    return app
