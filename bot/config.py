"""Settings from environment variables (``WEGWEISER_*``, ``TELEGRAM_BOT_TOKEN``) and an optional ``.env``.

Built on demand by :func:`load_settings`, never at import time, so tests and processes each get their own.
"""

from __future__ import annotations

import ipaddress
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import OperatorError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Port = Annotated[int, Field(ge=1, le=65535)]


class ConfigError(OperatorError):
    """A setting is wrong; the message says which and how to fix it, one line per problem."""


class TelegramMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class TrackerStore(StrEnum):
    SQL = "sql"
    REDIS = "redis"


class AdapterState(StrEnum):
    """Where a client keeps what several workers must share (outage state, order, limits, memory)."""

    MEMORY = "memory"
    REDIS = "redis"


class Settings(BaseSettings):
    """Everything an operator can set; defaults serve a local run from the project folder."""

    model_config = SettingsConfigDict(
        env_prefix="WEGWEISER_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = PROJECT_ROOT
    var_dir: Path | None = None
    models_dir: Path | None = None
    database_url: str | None = None

    host: str = "127.0.0.1"
    rasa_port: Port = 5005
    actions_port: Port = 5055
    web_port: Port = 8080
    web_host: str = "127.0.0.1"
    trusted_proxies: str = ""
    """Reverse proxies (addresses or networks, comma-separated) whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` the web app believes; none by default, so no client can claim another
    address or https."""
    admin_two_factor: bool = False
    """Admins must set up two-factor login (an authenticator app) before they can use the staff app."""

    engine_venv: Path | None = None
    secret_file: Path | None = None
    geonames_file: Path | None = None
    """Postal code gazetteer (GeoNames DE.txt/DE.zip or its CSV form) loaded by ``content seed``."""

    tracker_store: TrackerStore = TrackerStore.SQL
    tracker_url: str | None = None
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: Annotated[str, Field(pattern=r"^[A-Za-z0-9]{1,40}$")] = "wegweiser"
    """Prefix of every Redis key this installation writes (trackers, locks, adapter state)."""
    session_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30

    rasa_replicas: Annotated[int, Field(ge=1, le=32)] = 1
    """Rasa servers ``wegweiser up`` runs, on ``rasa_port`` and the ports after it; clients route each
    conversation to one of them by its pseudonym (:mod:`bot.ring`)."""
    rasa_workers: Annotated[int, Field(ge=1, le=64)] = 1
    """Sanic workers per Rasa server; more than one needs Redis (the lock store)."""
    model_pull_seconds: Annotated[int, Field(ge=0, le=3600)] | None = None
    """How often Rasa asks the web app for the active model (0: never); default 10 s with replicas."""
    adapter_state: AdapterState = AdapterState.MEMORY
    """``redis``: the Telegram adapter's workers share outage state, per-chat order, rate limits and
    what they remember of a conversation through ``redis_url``; ``memory``: one worker keeps them."""

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "WEGWEISER_TELEGRAM_BOT_TOKEN"),
    )
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_mode: TelegramMode = TelegramMode.POLLING
    telegram_webhook_url: str | None = None
    telegram_send_per_second: Annotated[float, Field(gt=0, le=1000)] = 30.0
    """Messages a second the bot may send overall: Telegram allows about 30 unless the operator pays more."""

    operator_name: str = "Wegweiser (local test installation)"
    operator_contact: str = "—"
    default_language: str = "de"
    log_level: str = "INFO"
    rasa_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        for item in _split(value):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"{item!r} is not an IP address or network like 10.0.0.5 or 10.0.0.0/24"
                ) from None
        return value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        return None if value in ("", None) else value

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.home = self.home.resolve()
        if self.var_dir is None:
            self.var_dir = self.home / "var"
        if self.models_dir is None:
            self.models_dir = self.home / "models"
        if self.engine_venv is None:
            self.engine_venv = PROJECT_ROOT / ".venv-rasa"
        if self.secret_file is None:
            self.secret_file = self.var_dir / "secret.key"
        if self.geonames_file is None:
            self.geonames_file = PROJECT_ROOT.parent / "shared/data/geonames/postal_codes_de.csv"
        if self.database_url is None:
            self.database_url = f"sqlite:///{self.var_dir / 'wegweiser.db'}"
        if self.tracker_url is None:
            self.tracker_url = f"sqlite:///{self.var_dir / 'tracker.db'}"
        ports = {"rasa": self.rasa_port, "actions": self.actions_port, "web": self.web_port}
        if len(set(ports.values())) < len(ports):
            names = ", ".join(f"WEGWEISER_{name.upper()}_PORT={port}" for name, port in ports.items())
            raise ValueError(f"the three ports must differ, got {names}")
        replica_ports = set(self.rasa_ports)
        if replica_ports & {self.actions_port, self.web_port} or max(replica_ports) > 65535:
            raise ValueError(
                f"WEGWEISER_RASA_REPLICAS={self.rasa_replicas} Rasa servers use the ports "
                f"{self.rasa_port}–{self.rasa_port + self.rasa_replicas - 1}; move "
                "WEGWEISER_ACTIONS_PORT and WEGWEISER_WEB_PORT out of that range"
            )
        shared = self.tracker_store is TrackerStore.REDIS or not (self.tracker_url or "").startswith("sqlite")
        if self.rasa_replicas > 1 and not shared:
            raise ValueError(
                "WEGWEISER_RASA_REPLICAS > 1 needs a tracker store all replicas share: set "
                "WEGWEISER_TRACKER_STORE=redis, or WEGWEISER_TRACKER_URL=postgresql://…"
            )
        if self.rasa_workers > 1 and self.tracker_store is not TrackerStore.REDIS:
            raise ValueError(
                "WEGWEISER_RASA_WORKERS > 1 needs Redis for Rasa's lock store: set "
                "WEGWEISER_TRACKER_STORE=redis (and WEGWEISER_REDIS_URL)"
            )
        if self.model_pull_seconds is None:
            self.model_pull_seconds = 10 if self.rasa_replicas > 1 else 0
        return self

    # Derived values: typed accessors so callers never handle the Optional defaults above.
    @property
    def var(self) -> Path:
        assert self.var_dir is not None
        return self.var_dir

    @property
    def models(self) -> Path:
        assert self.models_dir is not None
        return self.models_dir

    @property
    def db_url(self) -> str:
        assert self.database_url is not None
        return self.database_url

    @property
    def trusted_proxy_list(self) -> list[str]:
        return _split(self.trusted_proxies)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def rasa_ports(self) -> list[int]:
        """One port per Rasa replica: ``rasa_port`` and the ones after it."""
        return [self.rasa_port + index for index in range(self.rasa_replicas)]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://{self.host}:{port}" for port in self.rasa_ports]

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def rasa_bin(self) -> Path:
        assert self.engine_venv is not None
        return self.engine_venv / "bin" / "rasa"

    @property
    def secret_path(self) -> Path:
        assert self.secret_file is not None
        return self.secret_file

    @property
    def geonames_path(self) -> Path:
        assert self.geonames_file is not None
        return self.geonames_file


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _describe(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error.get("loc", ()))
    if not field:
        return str(error["msg"]).removeprefix("Value error, ")
    env = "TELEGRAM_BOT_TOKEN" if field == "telegram_bot_token" else f"WEGWEISER_{field.upper()}"
    given = error.get("input")
    shown = "" if field == "telegram_bot_token" or isinstance(given, dict) else f" (got {given!r})"
    return f"{env}: {error['msg']}{shown}"


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise :class:`ConfigError` with one clear line per problem."""
    env_file = Path(os.environ.get("WEGWEISER_ENV_FILE", PROJECT_ROOT / ".env"))
    try:
        return Settings(_env_file=env_file if env_file.is_file() else None, **overrides)
    except ValidationError as exc:
        raise ConfigError("\n".join(_describe(e) for e in exc.errors())) from None
