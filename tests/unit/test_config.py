"""Configuration errors reach the operator as one clear line each, never as a traceback."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.secret import derive_key, load_or_create_secret


def test_defaults_serve_a_local_run(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path)
    assert (settings.rasa_port, settings.actions_port, settings.web_port) == (5005, 5055, 8080)
    assert settings.db_url == f"sqlite:///{tmp_path / 'wegweiser.db'}"
    assert settings.telegram_bot_token is None


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWEISER_WEB_PORT", "9090")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    settings = load_settings()
    assert settings.web_port == 9090
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:abc"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("WEGWEISER_RASA_PORT=6006\n")
    monkeypatch.setenv("WEGWEISER_ENV_FILE", str(env_file))
    assert load_settings().rasa_port == 6006


def test_secret_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret.key"
    first = load_or_create_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first
    settings = load_settings(var_dir=tmp_path / "var")
    assert derive_key(settings, "a") != derive_key(settings, "b")
    assert first.decode() not in derive_key(settings, "a")


def test_unusable_secret_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_text("short")
    with pytest.raises(ConfigError, match="delete it"):
        load_or_create_secret(path)


def test_replicas_need_a_shared_tracker_store_and_free_ports(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="WEGWEISER_TRACKER_STORE=redis"):
        load_settings(var_dir=tmp_path, rasa_replicas=2)
    with pytest.raises(ConfigError, match="5005–5008; move WEGWEISER_ACTIONS_PORT"):
        load_settings(var_dir=tmp_path, rasa_replicas=4, actions_port=5007, tracker_store="redis")
    with pytest.raises(ConfigError, match="lock store"):
        load_settings(var_dir=tmp_path, rasa_workers=2)
    settings = load_settings(
        var_dir=tmp_path, rasa_replicas=3, tracker_url="postgresql://postgres@127.0.0.1/tracker"
    )
    assert settings.rasa_urls == [f"http://127.0.0.1:{port}" for port in (5005, 5006, 5007)]
    assert settings.model_pull_seconds == 10  # replicas pull the active model from the web app
    assert load_settings(var_dir=tmp_path).model_pull_seconds == 0
