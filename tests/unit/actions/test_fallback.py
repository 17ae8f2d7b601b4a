"""The fallback action and ``other_need`` through the real actions: what the person gets, what is counted."""

from __future__ import annotations

import asyncio
import contextlib
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
    monkeypatch.setattr("actions.conversation.detect_language", lambda text, *_, **__: "en")
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


# The question inbox: asked once, only the "Yes" button keeps the (scrubbed) question.


def run_events(
    action: Action, message: dict[str, Any], before: list[dict[str, Any]], slots: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(message, before=before, slots=slots), {}))
    return dispatcher.messages, events


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


CONSENT = ['/affirm{"consent":"inbox"}', '/deny{"consent":"inbox"}']


def test_not_understood_asks_once_to_keep_the_scrubbed_question(counted: list[dict[str, Any]]) -> None:
    nothing = [("greet", 0.2), ("thank", 0.1), ("goodbye", 0.05)]
    sent, events = run_events(
        ActionDefaultFallback(), unsure("ruf mich an 0176 1234567 wegen gez", nothing), []
    )
    assert button_payloads(sent)[-2:] == CONSENT
    assert slots_set(events) == {
        "inbox_text": "ruf mich an [number] wegen gez",
        "inbox_guess": "greet 0.20",
        "inbox_asked": True,
    }
    asked_before = {"inbox_asked": True}
    sent, events = run_events(ActionDefaultFallback(), unsure("noch mal gez", nothing), [], asked_before)
    assert not set(CONSENT) & set(button_payloads(sent))


def test_did_you_mean_keeps_the_question_waiting_and_something_else_asks(
    counted: list[dict[str, Any]],
) -> None:
    sent, events = run_events(ActionDefaultFallback(), unsure("krankenkasse problem", AMBIGUOUS), [])
    assert not set(CONSENT) & set(button_payloads(sent))
    waiting = slots_set(events)
    assert waiting["inbox_text"] == "krankenkasse problem" and "inbox_asked" not in waiting
    sent, events = run_events(
        ActionAnswer(), user_message("/other_need", "other_need"), [meta_event("en", "nlu_fallback")], waiting
    )
    assert meta(sent)["intent"] == "other_need"
    assert button_payloads(sent)[-2:] == CONSENT
    assert slots_set(events) == {"inbox_asked": True}


@pytest.mark.parametrize(("intent", "kept"), [("affirm", True), ("deny", False)])
def test_only_yes_keeps_the_question(
    counted: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, intent: str, kept: bool
) -> None:
    stored: list[dict[str, Any]] = []
    monkeypatch.setattr("actions.inbox.database", contextlib.nullcontext)
    monkeypatch.setattr("actions.inbox.shows_drafts", lambda *_: False)
    monkeypatch.setattr("actions.inbox.settings", lambda: None)
    monkeypatch.setattr("actions.inbox.keep", lambda session, **kw: stored.append(kw) or kw)
    message = user_message(f'/{intent}{{"consent":"inbox"}}', intent, entities={"consent": "inbox"})
    slots = {"inbox_text": "gez brief [number]", "inbox_guess": "work_jobs 0.21", "region": "05315"}
    sent, events = run_events(ActionAnswer(), message, [meta_event("en", "other_need")], slots)
    assert [(s["text"], s["language"], s["predicted"], s["confidence"], s["region"]) for s in stored] == (
        [("gez brief [number]", "en", "work_jobs", 0.21, "05315")] if kept else []
    )
    assert ("90 days" in sent[1]["text"]) is kept
    assert slots_set(events) == {"inbox_text": None, "inbox_guess": None}
