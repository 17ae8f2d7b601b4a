"""Building the python-telegram-bot application: the adapter's parts wired together, nothing run."""

from __future__ import annotations

from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.config import ConfigError, Settings
from bot.pseudonym import pseudonym_key
from bot.rasa_bridge import RasaBridge
from bot.rasa_client import RasaClient
from bot.replies.conversation import Conversations
from bot.replies.outage import OutageReplies
from bot.replies.safety import SafetyNet
from bot.shared_state import SharedState
from bot.telegram.door import Door
from bot.telegram.handlers import TelegramAdapter
from bot.telegram.intake import ScreeningRequest
from bot.telegram.logs import quiet_libraries
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.outbox import Outbox
from bot.telegram.ratelimit import ChatRateLimiter

ALLOWED_UPDATES = ["message", "callback_query"]
"""The only updates the bot asks Telegram for: no edits, no channel posts, no member lists."""


def bot_token(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env "
            "(see docs/telegram.md)"
        )
    return settings.telegram_bot_token.get_secret_value()


def file_base_url(base_url: str) -> str:
    """Where files are fetched: ``…/bot`` becomes ``…/file/bot``, as on api.telegram.org."""
    return base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url


def build_adapter(settings: Settings, *, rasa_client: RasaClient | None = None) -> TelegramAdapter:
    shared = SharedState(settings)
    return TelegramAdapter(
        settings,
        door=Door(pseudonym_key(settings)),
        conversations=Conversations(
            RasaBridge(rasa_client or RasaClient.from_settings(settings), shared=shared.engine),
            OutageReplies(settings, SafetyNet.load()),
            default_language=settings.default_language,
        ),
        memory=shared.memories,
        outbox=Outbox(),
        shared=shared,
    )


def build_application(
    settings: Settings,
    *,
    webhook: bool = False,
    request: BaseRequest | None = None,
    adapter: TelegramAdapter | None = None,
    rate_limiter: ChatRateLimiter | None = None,
) -> Application:  # type: ignore[type-arg]
    """The application for polling, or (``webhook=True``) without an updater for the web app.

    ``request`` and ``rate_limiter`` replace the Bot API connection and Telegram's limits (tests).
    """
    base_url = settings.telegram_base_url.rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"WEGWEISER_TELEGRAM_BASE_URL: {base_url!r} is not an http(s) URL; "
            "use https://api.telegram.org/bot or your Bot API server's …/bot"
        )
    quiet_libraries()  # whoever runs the adapter: no library logs chat ids, texts or the token
    adapter = adapter or build_adapter(settings)
    key = adapter.door.sender_of
    builder = (
        ApplicationBuilder()
        .token(bot_token(settings))
        .base_url(base_url)
        .base_file_url(file_base_url(base_url))
        .rate_limiter(
            rate_limiter
            or ChatRateLimiter(
                key, overall_per_second=settings.telegram_send_per_second, shared=adapter.shared.rates
            )
        )
        .concurrent_updates(
            PerChatUpdateProcessor(key, on_flood=adapter.sending_fast, shared=adapter.shared.turns)
        )
        .post_shutdown(lambda _app: adapter.close())
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:  # the library's defaults, with answers that are never quoted in a log, and screened updates
        builder = builder.request(ScreeningRequest()).get_updates_request(
            ScreeningRequest(screen=True, connection_pool_size=1)
        )
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.add_handlers(adapter.handlers())
    application.add_error_handler(adapter.error)
    application.bot_data["adapter"] = adapter
    return application
