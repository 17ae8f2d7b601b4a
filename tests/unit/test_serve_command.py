"""``wegweiser serve`` and ``probe``, the containers' entry points: clear errors, honest exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.auxil.ports import free_port
from tests.auxil.staff import Site


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WEGWEISER_ENV_FILE", "/nonexistent")
    monkeypatch.setenv("WEGWEISER_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("WEGWEISER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return tmp_path


def test_rasa_without_an_active_model_says_how_to_train(
    settings_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "rasa"]) == 1
    assert "wegweiser train --activate" in capsys.readouterr().err


def test_the_polling_adapter_without_a_token_says_what_is_missing(
    settings_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "telegram"]) == 1
    assert "TELEGRAM_BOT_TOKEN" in capsys.readouterr().err


@pytest.mark.parametrize("part", ["rasa", "actions", "web"])
def test_probe_fails_when_nothing_answers(
    part: str, settings_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("RASA", "ACTIONS", "WEB"):
        monkeypatch.setenv(f"WEGWEISER_{name}_PORT", str(free_port()))
    assert main(["probe", part]) == 1
    assert main(["probe", part, "--ready"]) == 1
    assert "not answering" in capsys.readouterr().out


def test_probe_succeeds_against_a_running_web_app(
    staff_site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WEGWEISER_ENV_FILE", "/nonexistent")
    monkeypatch.setenv("WEGWEISER_WEB_PORT", str(staff_site.settings.web_port))
    monkeypatch.setenv("WEGWEISER_DATABASE_URL", staff_site.settings.db_url)
    assert main(["probe", "web"]) == 0
    assert main(["probe", "web", "--ready"]) == 0
    assert capsys.readouterr().out.splitlines() == ["web: alive", "web: ready"]
