"""The Telegram adapter as a real process next to the test stack, pointed at the local Bot API.

Polling runs ``python -m bot.telegram`` exactly as ``wegweiser up`` starts it
(:func:`bot.stack.processes.telegram_process`); webhook mode runs the web app with the webhook
settings. Both log at DEBUG into the stack's ``var/log``, so tests can prove that no level leaks.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.config import Settings, TelegramMode
from bot.pseudonym import pseudonym_key
from bot.stack.processes import ProcessSpec, telegram_process, web_process
from bot.stack.supervisor import Supervisor
from bot.telegram.door import Door
from bot.telegram.webhook import WEBHOOK_PATH
from tests.auxil.ports import free_port
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import LocalBotApi

POLLING_LINE = "Telegram adapter polling"


def sender_of(stack: RunningStack, chat_id: int) -> str:
    """The pseudonym the adapter uses for ``chat_id`` (computed here only to check the tracker)."""
    return Door(pseudonym_key(stack.settings)).sender_of(chat_id)


def tracker_events(stack: RunningStack, sender: str) -> list[dict[str, Any]]:
    """The events Rasa's SQL tracker store keeps for ``sender``."""
    url = make_url(stack.settings.tracker_url or "")
    with sqlite3.connect(str(url.database)) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for (data,) in rows]


@dataclass
class RunningAdapter:
    settings: Settings
    supervisor: Supervisor
    name: str

    def log(self) -> str:
        return (self.settings.var / "log" / f"{self.name}.log").read_text(errors="replace")

    def stop(self) -> None:
        self.supervisor.stop()


def adapter_settings(stack: RunningStack, api: LocalBotApi, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": SecretStr(api.token),
        "telegram_base_url": api.base_url,
        "log_level": "DEBUG",
        **overrides,
    }
    return stack.settings.model_copy(update=values)


def _env(stack: RunningStack, settings: Settings) -> dict[str, str]:
    assert settings.telegram_bot_token is not None
    return {
        "WEGWEISER_TRACKER_URL": stack.settings.tracker_url or "",
        "WEGWEISER_ENV_FILE": "/nonexistent",
        "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token.get_secret_value(),
        "WEGWEISER_TELEGRAM_BASE_URL": settings.telegram_base_url,
        "WEGWEISER_TELEGRAM_MODE": settings.telegram_mode.value,
        "WEGWEISER_TELEGRAM_WEBHOOK_URL": settings.telegram_webhook_url or "",
        "WEGWEISER_LOG_LEVEL": settings.log_level,
        "WEGWEISER_RASA_TIMEOUT_SECONDS": str(settings.rasa_timeout_seconds),
        "WEGWEISER_SESSION_MINUTES": str(settings.session_minutes),
        "WEGWEISER_OPERATOR_NAME": settings.operator_name,
        "WEGWEISER_OPERATOR_CONTACT": settings.operator_contact,
    }


def _start(spec: ProcessSpec, settings: Settings, ready: Any) -> RunningAdapter:
    supervisor = Supervisor([spec], settings.var / "log", echo=False)
    supervisor.start()
    adapter = RunningAdapter(settings, supervisor, spec.name)
    deadline = time.monotonic() + 60
    try:
        while not ready(adapter):
            supervisor.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Telegram adapter did not start:\n{adapter.log()[-3000:]}")
            time.sleep(0.2)
    except BaseException:
        supervisor.stop()
        raise
    return adapter


def start_polling_adapter(
    stack: RunningStack, api: LocalBotApi, *, name: str = "telegram", **overrides: Any
) -> RunningAdapter:
    """``python -m bot.telegram``, started the way ``wegweiser up`` starts it.

    ``name`` names its log (``var/log/<name>.log``), so a second adapter keeps its own.
    """
    settings = adapter_settings(stack, api, **overrides)
    spec = telegram_process(settings)
    assert spec is not None, "wegweiser up would not start the adapter"
    spec.name = name
    spec.env.update(_env(stack, settings))
    return _start(spec, settings, lambda adapter: POLLING_LINE in adapter.log())


def start_webhook_app(
    stack: RunningStack, api: LocalBotApi, *, name: str = "telegram-webhook", **overrides: Any
) -> RunningAdapter:
    """The web app in webhook mode: it registers its webhook with the local Bot API at start.

    ``name`` names its log, so a second worker keeps its own.
    """
    port = free_port()
    settings = adapter_settings(
        stack,
        api,
        telegram_mode=TelegramMode.WEBHOOK,
        telegram_webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        web_port=port,
        **overrides,
    )
    assert telegram_process(settings) is None  # webhook mode: no polling process
    spec = web_process(settings)
    spec.name = name
    spec.env.update(_env(stack, settings))
    spec.env["WEGWEISER_WEB_PORT"] = str(port)
    return _start(spec, settings, lambda adapter: spec.ready())
