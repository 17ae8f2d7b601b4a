"""Webhook mode: the web app registers its webhook with a secret; only Telegram's calls get in."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from bot.i18n import messages as m
from bot.i18n import translate
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, webhook_secret
from tests.auxil.privacy import integer_forms, text_forms, traces
from tests.auxil.published import published
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import OTHER_TOKEN, LocalBotApi
from tests.auxil.telegram_stack import RunningAdapter, start_webhook_app
from tests.integration.telegram.helpers import first_paragraph

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


LATITUDE = 50.9375312


def test_a_malformed_update_is_acknowledged_skipped_and_never_logged(
    stack: RunningStack, webhook_app: RunningAdapter, bot_api: LocalBotApi
) -> None:
    """Finding 2 in webhook mode: Telegram posts what it has, as often as it is not acknowledged.

    Posted here as Telegram would post them (with its secret): a location without longitude (which
    python-telegram-bot cannot parse), a text that is a number, a chat that is a list, a body that is
    not JSON. Each is acknowledged (200, so Telegram does not send it again), nobody waits for it, and
    no log holds anything of it.
    """
    broken = bot_api.user(
        7394099101,
        first_name="Quirinella",
        last_name="Vasskjold-Umbe",
        username="qvu_webhook_loc",
        language_code="en",
        token=OTHER_TOKEN,
    )
    other = bot_api.user(
        7394099102,
        first_name="Bartholomea",
        last_name="Ystrand-Kell",
        username="byk_webhook_9",
        language_code="en",
        token=OTHER_TOKEN,
    )
    log_before = len(webhook_app.log())
    url = f"{webhook_app.settings.web_url}{WEBHOOK_PATH}"
    headers = {SECRET_HEADER: webhook_secret(webhook_app.settings)}
    chat_as_list = broken.raw_message(text="hello")
    chat_as_list["message"]["chat"] = [chat_as_list["message"]["chat"]]
    malformed = [
        broken.raw_message(location={"latitude": LATITUDE}),  # no longitude: cannot be parsed
        broken.raw_message(text=4711),
        chat_as_list,
    ]
    for number, update in enumerate(malformed, start=990001):
        response = httpx.post(url, json={"update_id": number, **update}, headers=headers, trust_env=False)
        assert response.status_code == 200, "not acknowledged: Telegram would send it again and again"
    not_json = f'{{"update_id": 990009, "message": {{"from": {{"id": {broken.user_id}, "first_name": "'
    response = httpx.post(url, content=not_json.encode(), headers=headers, trust_env=False)
    assert response.status_code == 200

    expected = first_paragraph(published(stack, "health_insurance", "en"))
    for person in (other, broken):  # the others are answered, and so is the broken one's next message
        assert person.send("How do I get health insurance?")["webhook_status"] == 200
        [answer] = person.replies()
        assert first_paragraph(answer.text) == expected

    log = webhook_app.log()[log_before:]
    assert log.count("could not be read; skipped") == len(malformed) + 1
    needles = {}
    for person in (broken, other):
        needles[f"{person.first_name}'s id"] = integer_forms(person.user_id)
        needles[f"{person.first_name}'s names"] = text_forms(person.first_name) + text_forms(person.last_name)
        needles[f"{person.first_name}'s username"] = text_forms(person.username)
    needles["the exact latitude"] = text_forms(str(LATITUDE))
    needles["the question"] = text_forms("health insurance")
    assert traces([stack.settings.var / "log", webhook_app.settings.var / "log"], needles) == []
