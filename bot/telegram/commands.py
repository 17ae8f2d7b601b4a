"""The command list Telegram shows in the menu, with descriptions in all ten languages."""

from __future__ import annotations

import re

from telegram import Bot, BotCommand

from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import language_codes, languages, normalize_language
from bot.replies.safety import fold

COMMANDS = (
    ("start", m.COMMAND_START),
    ("menu", m.COMMAND_MENU),
    ("help", m.COMMAND_HELP),
    ("language", m.COMMAND_LANGUAGE),
    ("privacy", m.COMMAND_PRIVACY),
    ("delete", m.COMMAND_DELETE),
)


def language_argument(argument: str) -> str | None:
    """The language ``/language <argument>`` names: a code ("ar", "uk-UA"), its own name ("العربية",
    "turkce") or its English name ("Arabic", "Farsi"); ``None`` when it names none of ours."""
    wanted = fold(" ".join(argument.split()))
    if not wanted:
        return None
    code = normalize_language(wanted)
    if code is not None:
        return code
    for code, language in languages().items():
        english = fold(language.english)
        if wanted in {fold(language.name), english, *re.findall(r"\w+", english)}:
            return code
    return None


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
