"""The fallback action and ``other_need`` through the real actions: what the person gets, what is counted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer
from actions.fallback import ActionDefaultFallback
from tests.auxil.trackers import bot_text, meta_event, tracker, user_event, user_message


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("actions.conversation.detect_language", lambda text, **_: "en")
    for module in ("actions.fallback", "actions.answer"):
        monkeypatch.setattr(f"{module}.count_use", lambda tracker, **kw: calls.append(kw))
    return calls


def unsure(text: str, ranking: list[tuple[str, float]]) -> dict[str, Any]:
    message = user_message(text, "nlu_fallback", confidence=0.3)
    message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.3}] + [
        {"name": n, "confidence": c} for n, c in ranking
    ]
    return message


def run(action: Action, message: dict[str, Any], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(message, before=before), {}))
    sent: list[dict[str, Any]] = dispatcher.messages
    return sent


def button_payloads(sent: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for m in sent for b in m.get("buttons") or []]


def meta(sent: list[dict[str, Any]]) -> dict[str, Any]:
    custom: dict[str, Any] = sent[0]["custom"]
    return custom


AMBIGUOUS = [("health_insurance", 0.29), ("health_uninsured", 0.27), ("greet", 0.05)]


def test_a_first_unsure_message_gets_did_you_mean_and_is_counted_unanswered(
    counted: list[dict[str, Any]],
) -> None:
    sent = run(
        ActionDefaultFallback(), unsure("krankenkasse problem", AMBIGUOUS), [meta_event("en", "greet")]
    )
    assert meta(sent)["intent"] == "nlu_fallback"
    assert button_payloads(sent) == [
        "/health_insurance",
        "/health_uninsured",
        "/other_need",
        '/find_service{"kind":"counsel"}',
    ]
    assert counted == [{"topic": "unanswered", "region": None, "language": "en"}]


def test_a_second_unsure_message_in_a_row_goes_to_a_person(counted: list[dict[str, Any]]) -> None:
    first = unsure("krankenkasse problem", AMBIGUOUS)
    before = [user_event(first), meta_event("en", "nlu_fallback"), bot_text("Did you mean …")]
    sent = run(ActionDefaultFallback(), unsure("the card thing", AMBIGUOUS), before)
    assert meta(sent)["intent"] == "other_need"
    assert '/find_service{"topic":"counselling_migration","kind":"counsel"}' in button_payloads(sent)
    assert len(counted) == 1


def test_an_answer_in_between_starts_over(counted: list[dict[str, Any]]) -> None:
    before = [
        meta_event("en", "nlu_fallback"),
        user_event(user_message("hi", "greet")),
        meta_event("en", "greet"),
    ]
    sent = run(ActionDefaultFallback(), unsure("krankenkasse problem", AMBIGUOUS), before)
    assert meta(sent)["intent"] == "nlu_fallback"


def test_something_else_and_an_other_need_get_the_human_route_counted_unanswered(
    counted: list[dict[str, Any]],
) -> None:
    sent = run(ActionAnswer(), user_message("/other_need", "other_need"), [meta_event("en", "nlu_fallback")])
    assert meta(sent)["intent"] == "other_need"
    assert "mbeon" in sent[1]["text"]
    assert counted == [{"topic": "unanswered", "region": None, "language": "en"}]
