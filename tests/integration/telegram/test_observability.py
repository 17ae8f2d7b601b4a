"""Health, readiness and metrics of the real stack: the webhook adapter and the action server.

A real Telegram message goes through the local Bot API, the webhook, Rasa and the action server;
the metrics count it by language and topic, and nothing in any ``/metrics`` points at the person.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from tests.auxil.ports import free_port
from tests.auxil.privacy import integer_forms, text_forms
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import LocalBotApi
from tests.auxil.telegram_stack import RunningAdapter, sender_of, start_webhook_app
from tests.web.test_observability import sample

pytestmark = pytest.mark.stack

BOT_TOKEN = "7000000003:AAE-wegweiser-local-test-token_000003"
NOWHERE_TOKEN = "7000000004:AAE-wegweiser-local-test-token_000004"
"""Bots of their own: each webhook app registers its webhook, which must not replace another's."""
QUESTION = "Wie bekomme ich eine Krankenversicherung?"


@pytest.fixture(scope="module")
def webhook_app(stack: RunningStack, bot_api: LocalBotApi) -> Iterator[RunningAdapter]:
    running = start_webhook_app(stack, bot_api, telegram_bot_token=SecretStr(BOT_TOKEN))
    try:
        yield running
    finally:
        running.stop()


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=30, trust_env=False)


def test_every_process_answers_health_and_readiness(stack: RunningStack, webhook_app: RunningAdapter) -> None:
    web, actions = webhook_app.settings.web_url, stack.settings.actions_url
    assert get(f"{web}/healthz").status_code == 200
    ready = get(f"{web}/readyz")
    assert (ready.status_code, ready.json()) == (
        200,
        {"ready": True, "checks": {"database": True, "engine": True}},
    )
    assert get(f"{actions}/health").status_code == 200
    ready = get(f"{actions}/readyz")
    assert (ready.status_code, ready.json()["ready"]) == (200, True)
    # Rasa's own: "/" says it is alive, "/status" (with the API token) that a model is loaded.
    assert get(f"{stack.settings.rasa_url}/").status_code == 200


def test_the_adapter_is_not_ready_while_rasa_is_unreachable(
    stack: RunningStack, bot_api: LocalBotApi
) -> None:
    nowhere = start_webhook_app(
        stack, bot_api, telegram_bot_token=SecretStr(NOWHERE_TOKEN), rasa_port=free_port()
    )
    try:
        assert get(f"{nowhere.settings.web_url}/healthz").status_code == 200
        ready = get(f"{nowhere.settings.web_url}/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": True, "engine": False}
    finally:
        nowhere.stop()


def test_a_real_message_is_counted_and_metrics_say_nothing_about_the_person(
    stack: RunningStack, webhook_app: RunningAdapter, bot_api: LocalBotApi
) -> None:
    web, actions = webhook_app.settings.web_url, stack.settings.actions_url
    before = get(f"{web}/metrics").text
    actions_before = get(f"{actions}/metrics").text
    user_id = 7394099317
    user = bot_api.user(
        user_id, language_code="de", token=BOT_TOKEN, first_name="Jelena", username="jelena_wegtest"
    )
    assert user.send(QUESTION)["webhook_status"] == 200
    assert user.replies(lambda got: bool(got))
    after = get(f"{web}/metrics").text
    actions_after = get(f"{actions}/metrics").text

    def grown(name: str, text_before: str, text_after: str, **labels: str) -> float:
        return sample(text_after, name, **labels) - sample(text_before, name, **labels)

    labels = {"language": "de", "topic": "health_insurance"}
    assert grown("wegweiser_messages_total", before, after, **labels) == 1
    assert grown("wegweiser_reply_seconds_count", before, after, **labels) == 1
    assert sample(after, "wegweiser_engine_available") == 1
    assert grown("wegweiser_action_runs_total", actions_before, actions_after, action="action_answer") >= 1

    needles = {
        "user id": integer_forms(user_id),
        "first name": text_forms("Jelena"),
        "username": text_forms("jelena_wegtest"),
        "pseudonym": text_forms(sender_of(stack, user_id)),
        "message text": text_forms(QUESTION) + text_forms("Krankenversicherung"),
    }
    for exposition in (after, actions_after):
        data = exposition.encode()
        found = [what for what, forms in needles.items() if any(form in data for form in forms)]
        assert found == []
