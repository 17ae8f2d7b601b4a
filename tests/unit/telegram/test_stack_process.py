"""`wegweiser up` starts the polling adapter exactly when a token is set and polling is chosen."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings, load_settings
from bot.stack.processes import stack
from tests.auxil.engine import stand_in_engine


def with_engine(tmp_path: Path, **overrides: object) -> Settings:
    return load_settings(var_dir=tmp_path, engine_venv=stand_in_engine(tmp_path), **overrides)


def names(tmp_path: Path, **overrides: object) -> list[str]:
    settings = with_engine(tmp_path, **overrides)
    return [spec.name for spec in stack(settings, tmp_path / "model.tar.gz")]


def test_no_token_no_adapter(tmp_path: Path) -> None:
    assert "telegram" not in names(tmp_path, telegram_bot_token=None)


def test_token_starts_the_polling_adapter(tmp_path: Path) -> None:
    settings = with_engine(tmp_path, telegram_bot_token="1:x")
    [spec] = [s for s in stack(settings, tmp_path / "m.tar.gz") if s.name == "telegram"]
    assert spec.argv[1:] == ["-m", "bot.telegram"]


def test_webhook_mode_runs_in_the_web_app_instead(tmp_path: Path) -> None:
    found = names(
        tmp_path,
        telegram_bot_token="1:x",
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.org/telegram/webhook",
    )
    assert "telegram" not in found and "web" in found
