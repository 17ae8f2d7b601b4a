"""``wegweiser telegram set-commands``: register the bot's commands and their descriptions."""

from __future__ import annotations

import argparse
import asyncio

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import load_settings
from bot.errors import OperatorError
from bot.replies.commands import COMMANDS
from bot.telegram.application import bot_token, file_base_url
from bot.telegram.commands import set_commands


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    telegram = subparsers.add_parser("telegram", help="Telegram bot set-up")
    sub = telegram.add_subparsers(dest="telegram_command", required=True, metavar="COMMAND")
    sub.add_parser(
        "set-commands", help="register the command list and its descriptions in all languages"
    ).set_defaults(handler=cmd_set_commands)


async def _set_commands() -> list[str]:
    settings = load_settings()
    base_url = settings.telegram_base_url.rstrip("/")
    bot = Bot(bot_token(settings), base_url=base_url, base_file_url=file_base_url(base_url))
    try:
        async with bot:
            return await set_commands(bot, default_language=settings.default_language)
    except InvalidToken:
        raise OperatorError(
            "Telegram refused TELEGRAM_BOT_TOKEN; copy the token from @BotFather again"
        ) from None
    except NetworkError as exc:
        raise OperatorError(
            f"cannot reach the Bot API at {base_url} ({exc.message}); check WEGWEISER_TELEGRAM_BASE_URL"
        ) from None
    except TelegramError as exc:
        raise OperatorError(f"Telegram refused the command list: {exc.message}") from None


def cmd_set_commands(_args: argparse.Namespace) -> int:
    done = asyncio.run(_set_commands())
    names = ", ".join(f"/{name}" for name, _ in COMMANDS)
    languages = ", ".join(code or "default" for code in done)
    print(f"Registered {names} for: {languages}.")
    return 0
