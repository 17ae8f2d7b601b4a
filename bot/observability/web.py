"""``/readyz`` and ``/metrics`` of the web app (which is also the Telegram adapter in webhook mode).

``/metrics`` answers only requests that came straight to the process (Prometheus on the host or in
the cluster), never one a reverse proxy forwarded: the proxy adds ``X-Forwarded-For``/``Forwarded``,
so even a proxy that routes every path cannot publish the metrics (deploy/ also blocks the path).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot.config import Settings, TelegramMode
from bot.observability.health import database_ready, engine_ready, verdict
from bot.observability.metrics import exposition

FORWARDED_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def adapter_mode(settings: Settings) -> bool:
    """Whether this web app receives Telegram's updates (and so needs the engine to be useful)."""
    return settings.telegram_mode is TelegramMode.WEBHOOK and settings.telegram_bot_token is not None


def router(settings: Settings) -> APIRouter:
    routes = APIRouter()

    @routes.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        checks = {"database": await run_in_threadpool(database_ready, settings.db_url)}
        if adapter_mode(settings):
            checks["engine"] = await engine_ready(settings)
        body, status = verdict(checks)
        return JSONResponse(body, status_code=status)

    @routes.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        if any(name in request.headers for name in FORWARDED_HEADERS):
            return Response(status_code=404)
        data, content_type = exposition()
        return Response(data, media_type=content_type)

    return routes
