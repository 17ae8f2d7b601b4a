"""How to run the Rasa engine: its executable, its environment and the files it reads at start."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from bot.config import PROJECT_ROOT, ConfigError, Settings, TrackerStore
from bot.rasa_client import ACTION_TOKEN_HEADER, ChannelAuth, action_server_token
from bot.secret import derive_key

ENGINE_PACKAGE_DIR = PROJECT_ROOT / "engine"
MODEL_PATH = "/engine/model"
"""Where the web app serves the active model to Rasa's model server polling."""
MODEL_TOKEN_HEADER = "X-Wegweiser-Model-Token"
API_TOKEN_VARIABLE = "WEGWEISER_RASA_AUTH_TOKEN"
"""Where ``wegweiser_engine.serve`` finds Rasa's API token (kept off the command line)."""
KEPT_CONVERSATIONS = 1000
"""Conversations a single Rasa process keeps in memory for their next message (tracker_cache.py)."""
TRAINING_DATA = ("nlu_data", "rules")
"""Folders (relative to the project) that ``rasa train`` learns from; tests/nlu is never among them."""


def model_server_token(settings: Settings) -> str:
    """The token Rasa sends when it asks the web app for the active model."""
    return derive_key(settings, "model-server")


def rasa_executable(settings: Settings) -> Path:
    """The ``rasa`` command of the engine environment, or a clear error how to install it."""
    rasa = settings.rasa_bin
    if not rasa.exists():
        raise ConfigError(
            f"the language engine is not installed ({rasa} is missing); run `make install` "
            "(needs Python 3.11) or set WEGWEISER_ENGINE_VENV to an environment with rasa==3.6.21"
        )
    return rasa


def rasa_command(settings: Settings) -> list[str]:
    """``rasa`` for the operator's commands (train, data validate), without the screen of Rasa's
    libraries' deprecation notices (``wegweiser_engine.rasa_cli`` says why)."""
    return [str(engine_python(settings)), "-m", "wegweiser_engine.rasa_cli"]


def engine_python(settings: Settings) -> Path:
    """The Python of the engine environment (runs ``wegweiser_engine`` helpers with Rasa importable)."""
    python = rasa_executable(settings).parent / "python"
    if not python.exists():
        raise ConfigError(f"the language engine is incomplete ({python} is missing); run `make install`")
    return python


def engine_python_version(settings: Settings) -> str:
    """The engine environment's Python version ("3.11.7"), recorded in each model card."""
    completed = subprocess.run(
        [str(engine_python(settings)), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout.strip() if completed.returncode == 0 else "unknown"


def engine_env(settings: Settings) -> dict[str, str]:
    """Environment for every Rasa process: our channel importable, no telemetry, quiet TensorFlow."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ENGINE_PACKAGE_DIR), env.get("PYTHONPATH", "")) if p)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS="0",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
        LOG_LEVEL_LIBRARIES="ERROR",
        LOG_LEVEL_MATPLOTLIB="ERROR",
        LOG_LEVEL_RABBITMQ="ERROR",
        LOG_LEVEL_KAFKA="ERROR",
        MPLCONFIGDIR=str(settings.var / "matplotlib"),
        HOME=env.get("HOME", str(settings.var)),
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def _redis_config(settings: Settings) -> dict[str, object]:
    url = urlparse(settings.redis_url)
    return {
        "type": "redis",
        "url": url.hostname or "127.0.0.1",
        "port": url.port or 6379,
        "db": int((url.path or "/0").lstrip("/") or 0),
        "password": unquote(url.password) if url.password else None,
        "key_prefix": settings.redis_prefix,
    }


def _tracker_store_config(settings: Settings) -> dict[str, object]:
    seconds = settings.session_minutes * 60
    if settings.tracker_store is TrackerStore.REDIS:
        # The expiry is the retention promise: a conversation silent this long is gone by itself.
        return _redis_config(settings) | {"record_exp": seconds}
    assert settings.tracker_url is not None
    url = urlparse(settings.tracker_url)
    dialect = url.scheme.split("+")[0]
    if dialect == "sqlite":
        path = Path(unquote(url.path))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"type": "SQL", "dialect": "sqlite", "db": str(path)}
    if dialect in ("postgresql", "postgres"):
        return {
            "type": "SQL",
            "dialect": "postgresql",
            "url": url.hostname or "127.0.0.1",
            "port": url.port or 5432,
            "db": url.path.lstrip("/"),
            "username": unquote(url.username or ""),
            "password": unquote(url.password or ""),
        }
    raise ConfigError(
        f"WEGWEISER_TRACKER_URL: unsupported database {dialect!r}; use sqlite:///… or postgresql://…"
    )


def write_engine_files(settings: Settings) -> tuple[Path, Path]:
    """Write endpoints.yml and credentials.yml (owner-only: they hold a token) into ``var/``."""
    settings.var.mkdir(parents=True, exist_ok=True)
    endpoints = settings.var / "endpoints.yml"
    credentials = settings.var / "credentials.yml"
    endpoints_data: dict[str, object] = {
        "action_endpoint": {
            "url": f"{settings.actions_url}/webhook",
            "headers": {ACTION_TOKEN_HEADER: action_server_token(settings)},
        },
        "tracker_store": _tracker_store_config(settings),
    }
    if settings.tracker_store is TrackerStore.REDIS:
        # One conversation's messages in turn across the Sanic workers of a replica (across replicas
        # the ring sends a conversation to one replica); Rasa's in-memory lock store knows one process.
        endpoints_data["lock_store"] = _redis_config(settings)
    if settings.model_pull_seconds:
        endpoints_data["models"] = {
            "url": f"{settings.web_url}{MODEL_PATH}",
            "headers": {MODEL_TOKEN_HEADER: model_server_token(settings)},
            "wait_time_between_pulls": settings.model_pull_seconds,
        }
    auth = ChannelAuth.from_settings(settings)
    credentials_data = {
        "wegweiser_engine.channel.WegweiserInput": {
            "token": auth.channel_token,
            "session_seconds": settings.session_minutes * 60,
            # Rasa keeps the conversations it just saved for their next message
            # (engine/wegweiser_engine/tracker_cache.py); only one process may write the store then.
            "kept_conversations": KEPT_CONVERSATIONS
            if settings.rasa_replicas == 1 and settings.rasa_workers == 1
            else 0,
        }
    }
    for path, data in ((endpoints, endpoints_data), (credentials, credentials_data)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yaml.safe_dump(data, handle, sort_keys=False)
    return endpoints, credentials
