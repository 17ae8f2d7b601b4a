"""Webhook mode: the web app registers its webhook with a secret; only Telegram's calls get in."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from bot.i18n import messages as m
from bot.i18n import translate
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import OTHER_TOKEN, LocalBotApi
from tests.auxil.telegram_stack import RunningAdapter, start_webhook_app

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def webhook_app(stack: RunningStack, bot_api: LocalBotApi) -> Iterator[RunningAdapter]:
    running = start_webhook_app(stack, bot_api, telegram_bot_token=SecretStr(OTHER_TOKEN))
    try:
        yield running
    finally:
        running.stop()


def test_updates_arrive_by_webhook_and_are_answered(
    webhook_app: RunningAdapter, bot_api: LocalBotApi
) -> None:
    user = bot_api.user(7394099001, language_code="en", token=OTHER_TOKEN)
    sent = user.send("/privacy")
    assert sent["webhook_status"] == 200
    [reply] = user.replies()
    assert reply.text.startswith(translate("en", m.PRIVACY).split("\n")[0])


def test_calls_without_telegrams_secret_are_refused(webhook_app: RunningAdapter) -> None:
    url = f"{webhook_app.settings.web_url}{WEBHOOK_PATH}"
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/start"}}
    for headers in ({}, {SECRET_HEADER: "guessed"}):
        response = httpx.post(url, json=update, headers=headers, trust_env=False)
        assert response.status_code == 403
