"""The processes that make up a running Wegweiser, with their command lines and health checks."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.config import Settings, TelegramMode
from bot.engine.runtime import (
    API_TOKEN_VARIABLE,
    engine_env,
    engine_python,
    rasa_executable,
    write_engine_files,
)
from bot.rasa_client import ChannelAuth


@dataclass
class ProcessSpec:
    """One process of the stack: how to start it, how to know it is ready, where it listens."""

    name: str
    title: str
    argv: list[str]
    env: dict[str, str]
    ready: Callable[[], bool]
    where: str
    startup_timeout: float = 60.0


def _http_ok(url: str, params: dict[str, str] | None = None) -> Callable[[], bool]:
    def check() -> bool:
        try:
            response = httpx.get(url, params=params, timeout=2.0, trust_env=False)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    return check


def _rasa_ready(url: str, token: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            response = httpx.get(f"{url}/status", params={"token": token}, timeout=2.0, trust_env=False)
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and bool(response.json().get("model_file"))

    return check


def app_env(settings: Settings) -> dict[str, str]:
    """Environment for the app's own processes: the same settings the supervisor validated."""
    env = dict(os.environ)
    env.update(
        WEGWEISER_HOME=str(settings.home),
        WEGWEISER_VAR_DIR=str(settings.var),
        WEGWEISER_MODELS_DIR=str(settings.models),
        WEGWEISER_DATABASE_URL=settings.db_url,
        WEGWEISER_HOST=settings.host,
        WEGWEISER_RASA_PORT=str(settings.rasa_port),
        WEGWEISER_RASA_REPLICAS=str(settings.rasa_replicas),
        WEGWEISER_TRACKER_STORE=str(settings.tracker_store),
        WEGWEISER_TRACKER_URL=settings.tracker_url or "",
        WEGWEISER_REDIS_URL=settings.redis_url,
        WEGWEISER_REDIS_PREFIX=settings.redis_prefix,
        WEGWEISER_ADAPTER_STATE=str(settings.adapter_state),
        WEGWEISER_ACTIONS_PORT=str(settings.actions_port),
        WEGWEISER_WEB_PORT=str(settings.web_port),
        WEGWEISER_SECRET_FILE=str(settings.secret_path),
        PYTHONUNBUFFERED="1",
    )
    return env


def rasa_process(settings: Settings, model: Path, replica: int = 0) -> ProcessSpec:
    """Rasa replica ``replica`` (0-based) on ``rasa_port + replica``; all replicas share one endpoints.yml."""
    endpoints, credentials = write_engine_files(settings)
    port, url = settings.rasa_ports[replica], settings.rasa_urls[replica]
    token = ChannelAuth.from_settings(settings).api_token
    rasa_executable(settings)  # a clear error when the engine is not installed
    # Rasa takes its API token only as --auth-token; the launcher adds it from the environment,
    # so it never shows in the process list (/proc/<pid>/environ is readable by the owner only).
    argv = [
        str(engine_python(settings)),
        "-m",
        "wegweiser_engine.serve",
        "run",
        "--enable-api",
        "--interface",
        settings.host,
        "--port",
        str(port),
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
    ]
    env = engine_env(settings) | {API_TOKEN_VARIABLE: token}
    if settings.rasa_workers > 1:
        env["SANIC_WORKERS"] = str(settings.rasa_workers)
    several = settings.rasa_replicas > 1
    return ProcessSpec(
        name=f"rasa-{replica + 1}" if several else "rasa",
        title=f"Rasa server {replica + 1}" if several else "Rasa server",
        argv=argv,
        env=env,
        ready=_rasa_ready(url, token),
        where=url,
        startup_timeout=240.0,
    )


def actions_process(settings: Settings) -> ProcessSpec:
    env = app_env(settings)
    env["SANIC_HOST"] = settings.host
    return ProcessSpec(
        name="actions",
        title="Action server",
        argv=[sys.executable, "-m", "actions.server", "--port", str(settings.actions_port)],
        env=env,
        ready=_http_ok(f"{settings.actions_url}/health"),
        where=settings.actions_url,
    )


def web_process(settings: Settings) -> ProcessSpec:
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "bot.web.app:create_app",
        "--factory",
        "--host",
        settings.web_host,
        "--port",
        str(settings.web_port),
        "--no-access-log",
        "--no-proxy-headers",  # forwarded headers only from WEGWEISER_TRUSTED_PROXIES (bot.web.app)
    ]
    return ProcessSpec(
        name="web",
        title="Web app (chat page, staff admin)",
        argv=argv,
        env=app_env(settings),
        ready=_http_ok(f"{settings.web_url}/healthz"),
        where=f"{settings.web_url}/chat",
    )


def telegram_process(settings: Settings) -> ProcessSpec | None:
    """The polling adapter, when a token is set (webhook mode runs inside the web app instead)."""
    if settings.telegram_bot_token is None or settings.telegram_mode is not TelegramMode.POLLING:
        return None
    return ProcessSpec(
        name="telegram",
        title="Telegram adapter (polling)",
        argv=[sys.executable, "-m", "bot.telegram"],
        env=app_env(settings),
        ready=lambda: True,
        where=settings.telegram_base_url.split("/bot")[0],
    )


def stack(settings: Settings, model: Path) -> list[ProcessSpec]:
    """All processes of ``wegweiser up``, fastest to start first."""
    specs = [actions_process(settings), web_process(settings)]
    specs += [rasa_process(settings, model, replica) for replica in range(settings.rasa_replicas)]
    telegram = telegram_process(settings)
    if telegram is not None:
        specs.append(telegram)
    return specs
