"""Fixtures for the adapter's unit tests: the real application on an offline Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.config import Settings, load_settings
from bot.telegram.application import build_application
from tests.auxil.ports import free_port
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.telegram_offline import OfflineBotApi


@pytest.fixture(scope="module")
def rasa_down_settings(tmp_path_factory: pytest.TempPathFactory, small_directory: Path) -> Settings:
    """Settings with a small real database and a Rasa port nobody listens on."""
    var: Path = tmp_path_factory.mktemp("telegram")
    return load_settings(
        var_dir=var,
        database_url=copy_small_directory(small_directory, var),
        rasa_port=free_port(),
        telegram_bot_token="123456:offline-test-token",
        operator_name="Caritas Musterstadt",
        operator_contact="datenschutz@caritas-musterstadt.example",
    )


@pytest.fixture
def bot_api() -> OfflineBotApi:
    return OfflineBotApi()


@pytest.fixture
async def offline_app(rasa_down_settings: Settings, bot_api: OfflineBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    application = build_application(rasa_down_settings, request=bot_api)
    async with application:
        yield application
