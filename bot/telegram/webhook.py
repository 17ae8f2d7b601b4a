"""Webhook mode (``WEGWEISER_TELEGRAM_MODE=webhook``): the web app receives Telegram's updates.

At start the web app registers ``WEGWEISER_TELEGRAM_WEBHOOK_URL`` with Telegram together with a
secret token derived from the installation secret; every call must carry it in Telegram's
``X-Telegram-Bot-Api-Secret-Token`` header, anything else is refused (403) before it is read.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from telegram import Update
from telegram.ext import Application

from bot.config import ConfigError, Settings, TelegramMode
from bot.secret import derive_key
from bot.telegram.application import ALLOWED_UPDATES, build_application
from bot.telegram.intake import readable
from bot.telegram.logs import quiet_libraries

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def _take_a_number(application: Application[Any, Any, Any, Any, Any, Any], update: Update) -> None:
    """With several workers: place the update in its chat's line before Telegram hears it arrived, so
    the chat's next update, wherever it lands, waits for this one (:class:`bot.shared_state.ChatTurns`)."""
    adapter = application.bot_data.get("adapter")
    chat = update.effective_chat
    if adapter is None or adapter.shared.turns is None or chat is None:
        return
    await adapter.shared.turns.register(adapter.door.sender_of(chat.id), update.update_id)


def webhook_secret(settings: Settings) -> str:
    """The secret token Telegram sends with every update (64 hex characters)."""
    return derive_key(settings, "telegram-webhook")


def webhook_url(settings: Settings) -> str:
    url = (settings.telegram_webhook_url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ConfigError(
            "WEGWEISER_TELEGRAM_WEBHOOK_URL: set it to the public https:// address that reaches "
            f"this web app's {WEBHOOK_PATH} (e.g. https://bot.example.org{WEBHOOK_PATH})"
        )
    return url


def router(settings: Settings) -> APIRouter:
    """The webhook route with its start and stop, or an empty router when not in webhook mode."""
    if settings.telegram_mode is not TelegramMode.WEBHOOK or settings.telegram_bot_token is None:
        return APIRouter()
    url = webhook_url(settings)
    secret = webhook_secret(settings)
    running: dict[str, Application[Any, Any, Any, Any, Any, Any]] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        quiet_libraries()
        application = build_application(settings, webhook=True)
        await application.initialize()
        await application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
        )
        await application.start()
        running["application"] = application
        logger.info("Telegram webhook registered; receiving updates at %s.", WEBHOOK_PATH)
        try:
            yield
        finally:
            running.clear()
            await application.stop()
            await application.shutdown()

    routes = APIRouter(lifespan=lifespan)

    @routes.post(WEBHOOK_PATH, include_in_schema=False)
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        application = running.get("application")
        if application is None:
            return Response(status_code=503)
        try:
            data = await request.json()
        except Exception:  # not JSON: nothing to read (and nothing of it is logged)
            data = None
        if readable(data) is None:
            # Acknowledged, or Telegram would send it again and again; its content is never logged.
            logger.warning("An update from Telegram could not be read; skipped.")
            return Response(status_code=200)
        update = Update.de_json(data, application.bot)
        await _take_a_number(application, update)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return routes
