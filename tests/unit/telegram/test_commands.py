"""The command list is registered with descriptions in every language."""

from __future__ import annotations

from telegram import Bot

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import language_codes
from bot.replies.commands import COMMANDS
from bot.telegram.commands import set_commands
from tests.auxil.telegram_offline import OfflineBotApi


async def test_commands_for_every_language_and_a_default() -> None:
    api = OfflineBotApi()
    async with Bot("123:ABC", request=api, get_updates_request=api) as bot:
        done = await set_commands(bot, default_language="de")
    assert done == ["", *language_codes()]
    assert sorted(api.commands) == sorted(["", *language_codes()])
    for code in language_codes():
        names = [c["command"] for c in api.commands[code]]
        assert names == [name for name, _ in COMMANDS]
        delete = next(c for c in api.commands[code] if c["command"] == "delete")
        assert delete["description"] == translate(code, m.COMMAND_DELETE)
    assert api.commands[""] == api.commands["de"]
