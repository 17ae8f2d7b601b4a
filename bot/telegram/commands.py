"""The command list Telegram shows in the menu, with descriptions in all ten languages."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.i18n import translate
from bot.languages import language_codes
from bot.replies.commands import COMMANDS


def commands_in(language: str) -> list[BotCommand]:
    return [BotCommand(name, translate(language, description)[:256]) for name, description in COMMANDS]


async def set_commands(bot: Bot, *, default_language: str) -> list[str]:
    """Register the commands for every language (and, for all others, in ``default_language``).

    Returns the language codes registered, ``""`` standing for the default.
    """
    await bot.set_my_commands(commands_in(default_language))
    done = [""]
    for code in language_codes():
        await bot.set_my_commands(commands_in(code), language_code=code)
        done.append(code)
    return done
