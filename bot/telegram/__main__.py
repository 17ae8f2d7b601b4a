"""``python -m bot.telegram``: the adapter in polling mode (``wegweiser up`` starts it)."""

from __future__ import annotations

import logging
import sys

from telegram.error import InvalidToken, NetworkError

from bot.config import TelegramMode, load_settings
from bot.errors import OperatorError
from bot.telegram.application import ALLOWED_UPDATES, build_application
from bot.telegram.logs import configure_logging

logger = logging.getLogger("bot.telegram")


def main() -> int:
    try:
        settings = load_settings()
        configure_logging(settings.log_level)
        if settings.telegram_mode is TelegramMode.WEBHOOK:
            raise OperatorError(
                "WEGWEISER_TELEGRAM_MODE=webhook: the web app receives the updates "
                "(`wegweiser up` starts it); `python -m bot.telegram` is for polling only"
            )
        application = build_application(settings)

        async def announce(_app: object) -> None:
            where = settings.telegram_base_url.split("/bot")[0]
            logger.info("Telegram adapter polling %s for updates.", where)

        application.post_init = announce
        application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    except InvalidToken:
        print(
            "bot.telegram: Telegram refused TELEGRAM_BOT_TOKEN; copy the token from @BotFather again",
            file=sys.stderr,
        )
        return 1
    except NetworkError as exc:
        print(
            f"bot.telegram: cannot reach the Bot API server ({exc.message}); "
            "check WEGWEISER_TELEGRAM_BASE_URL and the network",
            file=sys.stderr,
        )
        return 1
    except OperatorError as exc:
        print(f"bot.telegram: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
