"""`wegweiser telegram set-commands` registers the commands in all ten languages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import language_codes
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import LocalBotApi

pytestmark = pytest.mark.stack


def test_set_commands_in_every_language(stack: RunningStack, bot_api: LocalBotApi) -> None:
    env = stack.env | {
        "TELEGRAM_BOT_TOKEN": bot_api.token,
        "WEGWEISER_TELEGRAM_BASE_URL": bot_api.base_url,
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "telegram", "set-commands"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for code in language_codes():
        commands = bot_api.bot_call("getMyCommands", language_code=code)
        assert [c["command"] for c in commands] == [
            "start",
            "menu",
            "help",
            "language",
            "privacy",
            "delete",
        ]
        privacy = next(c for c in commands if c["command"] == "privacy")
        assert privacy["description"] == translate(code, m.COMMAND_PRIVACY)


def test_set_commands_without_a_token_says_what_to_do(stack: RunningStack) -> None:
    result = stack.cli("telegram", "set-commands", check=False)
    assert result.returncode == 1
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "BotFather" in result.stderr
