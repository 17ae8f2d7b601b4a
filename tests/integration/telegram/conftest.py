"""Fixtures for the end-to-end Telegram tests: a local Bot API server and the adapter process."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import LocalBotApi, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, start_polling_adapter

_user_ids = itertools.count(7394021856, 7919)


@pytest.fixture(scope="session")
def bot_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBotApi]:
    """telegram-test-api with the fix-ups, on a free port (its log is kept out of the stack's)."""
    server = LocalBotApi(log=tmp_path_factory.mktemp("bot-api") / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def adapter(stack: RunningStack, bot_api: LocalBotApi) -> Iterator[RunningAdapter]:
    """``python -m bot.telegram`` polling the local Bot API, talking to the stack's Rasa."""
    running = start_polling_adapter(stack, bot_api)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def new_user(bot_api: LocalBotApi, adapter: RunningAdapter) -> Callable[..., TelegramUser]:
    """A new person on Telegram, with their own chat (and so their own conversation)."""

    def make(language_code: str | None = "de", **names: str) -> TelegramUser:
        return bot_api.user(next(_user_ids), language_code=language_code, **names)

    return make


@pytest.fixture
def rasa_comes_back(stack: RunningStack) -> Iterator[None]:
    """Whatever happens in the test, the stack's Rasa is running again afterwards."""
    yield
    if stack.process("rasa").poll() is not None:
        stack.restart("rasa")
