"""Operators get a clear message when the Telegram settings are incomplete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.telegram.application import build_application, file_base_url
from bot.telegram.webhook import router


def test_missing_token_names_the_setting_and_botfather(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"TELEGRAM_BOT_TOKEN.*BotFather"):
        build_application(load_settings(var_dir=tmp_path, telegram_bot_token=None))


def test_webhook_mode_needs_the_public_address(tmp_path: Path) -> None:
    settings = load_settings(
        var_dir=tmp_path, telegram_bot_token="1:x", telegram_mode="webhook", telegram_webhook_url=None
    )
    with pytest.raises(ConfigError, match="WEGWEISER_TELEGRAM_WEBHOOK_URL"):
        router(settings)


def test_no_webhook_route_in_polling_mode(tmp_path: Path) -> None:
    assert router(load_settings(var_dir=tmp_path, telegram_bot_token="1:x")).routes == []


def test_bad_base_url_is_refused(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path, telegram_bot_token="1:x", telegram_base_url="api")
    with pytest.raises(ConfigError, match="WEGWEISER_TELEGRAM_BASE_URL"):
        build_application(settings)


def test_files_come_from_the_same_server() -> None:
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


def test_polling_process_explains_a_missing_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(WEGWEISER_VAR_DIR=str(tmp_path), WEGWEISER_ENV_FILE="/nonexistent")
    result = subprocess.run(
        [sys.executable, "-m", "bot.telegram"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr
