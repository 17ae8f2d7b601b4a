"""Application factory for the web app (served by uvicorn with ``--factory``).

The public chat page, the staff app (``/staff/…``, one router per resource in ``bot/web/routes/``)
and, in webhook mode, Telegram's webhook. Every response gets the security headers; every request
gets the staff session (``bot.web.staff_session``), which only staff pages and the chat preview use.
``X-Forwarded-For``/``-Proto`` count only from the proxies in ``WEGWEISER_TRUSTED_PROXIES`` (uvicorn
runs with ``--no-proxy-headers``, so it never believes them itself).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.config import Settings, load_settings
from bot.observability import web as observability
from bot.telegram import webhook as telegram_webhook
from bot.web import chat, model_server
from bot.web.body_limit import BodyLimitMiddleware
from bot.web.errors import install_error_pages
from bot.web.routes import STAFF_ROUTES
from bot.web.security_headers import SecurityHeadersMiddleware
from bot.web.staff_session import StaffSessionMiddleware

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(title="Wegweiser", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings

    # First: Telegram's updates are most of the requests under load, and routes are tried in order.
    app.include_router(telegram_webhook.router(settings))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(observability.router(settings))  # /readyz, /metrics
    app.include_router(chat.router)
    app.include_router(model_server.router)
    for routes in STAFF_ROUTES:
        app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app)
    app.add_middleware(StaffSessionMiddleware, settings=settings)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.trusted_proxy_list:
        # Outermost: the session cookie's Secure flag and HSTS follow the scheme the proxy reports.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    return app
