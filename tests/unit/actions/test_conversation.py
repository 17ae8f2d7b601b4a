"""Reply parts every action shares: the reply language, one meta per reply, buttons that fit."""

from __future__ import annotations

import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    conversation_language,
    group_buttons,
    near_me_payload,
    next_step_buttons,
    send_meta,
    topic_menu_buttons,
)
from bot.topics import MENU, TOPICS
from tests.auxil.trackers import meta_event, tracker, user_message

WRITTEN_IN = {
    "Ich habe keine Krankenversicherung": "de",
    "ليس لدي تأمين صحي": "ar",
    "Mülheim": "pl",  # what a detector may well say about a bare German place name
    "ich wohne in": "de",
}


@pytest.fixture(autouse=True)
def detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Language detection (trained with the model, tested in tests/nlu) stands in as a table here."""
    monkeypatch.setattr("bot.nlu.language.detect_language", lambda text, **_: WRITTEN_IN.get(text))


def test_a_bare_postal_code_keeps_the_language_of_the_conversation() -> None:
    before = [meta_event("ar", "health_uninsured")]
    assert conversation_language(tracker(user_message("50667", "inform_location"), before=before)) == "ar"


def test_a_place_name_does_not_switch_the_language() -> None:
    before = [meta_event("de", "find_service")]
    named = user_message("Mülheim", "inform_location")
    named["entities"] = [{"entity": "location", "value": "Mülheim", "start": 0, "end": 7}]
    assert conversation_language(tracker(named, before=before)) == "de"
    typed = user_message("Mülheim", "nlu_fallback")  # not recognised, but the bot asked "where?"
    assert conversation_language(tracker(typed, before=before, slots={"requested_slot": "place"})) == "de"


def test_the_words_around_a_place_still_tell_the_language() -> None:
    sentence = user_message("ich wohne in Mülheim", "inform_location")
    sentence["entities"] = [{"entity": "location", "value": "Mülheim", "start": 13, "end": 20}]
    assert conversation_language(tracker(sentence, before=[meta_event("ar")])) == "de"


def test_the_language_of_the_message_wins_over_the_conversation() -> None:
    before = [meta_event("ar")]
    message = user_message("Ich habe keine Krankenversicherung", "health_uninsured")
    assert conversation_language(tracker(message, before=before)) == "de"


def test_an_explicit_choice_wins_over_everything() -> None:
    message = user_message("Ich habe keine Krankenversicherung", "health_uninsured")
    assert conversation_language(tracker(message, slots={"language": "uk"})) == "uk"
    chosen = user_message("Hallo", "greet", metadata={"lang_choice": "fa"})
    assert conversation_language(tracker(chosen, before=[meta_event("de")])) == "fa"


def test_the_client_hint_and_then_german_serve_a_first_bare_message() -> None:
    hinted = user_message("50667", "inform_location", metadata={"lang_hint": "tr"})
    assert conversation_language(tracker(hinted)) == "tr"
    assert conversation_language(tracker(user_message("50667", "inform_location"))) == "de"


def test_one_reply_never_mixes_languages() -> None:
    # an earlier action of this reply (action_set_language) already answered in Ukrainian
    message = user_message("ليس لدي تأمين صحي", "health_uninsured")
    assert conversation_language(tracker(message, after=[meta_event("uk")])) == "uk"


def test_a_reply_carries_exactly_one_meta() -> None:
    message = user_message("Hallo", "greet")
    first = CollectingDispatcher()
    send_meta(first, tracker(message), language="ar", intent="greet", topic="health_uninsured")
    assert first.messages[0]["custom"] == {
        "type": "meta",
        "language": "ar",
        "rtl": True,
        "intent": "greet",
        "topic": "health_uninsured",
        "language_fallback": False,
    }
    later = CollectingDispatcher()
    send_meta(later, tracker(message, after=[meta_event("ar")]), language="ar", intent="greet")
    assert later.messages == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_button_payload_fits_telegram(language: str) -> None:
    payloads = [b["payload"] for topic in (*TOPICS, None) for b in next_step_buttons(language, topic)]
    payloads += [b["payload"] for b in topic_menu_buttons(language)]
    payloads += [b["payload"] for group in MENU for b in group_buttons(language, group)]
    assert all(0 < len(p.encode()) <= 64 for p in payloads), max(payloads, key=len)


def test_next_steps_search_for_the_topic_and_offer_a_counsellor() -> None:
    titles_payloads = [(b["title"], b["payload"]) for b in next_step_buttons("en", "health_uninsured")]
    assert titles_payloads == [
        ("Services near me", '/find_service{"topic":"health_uninsured"}'),
        ("Talk to a counsellor", '/find_service{"topic":"health_uninsured","kind":"counsel"}'),
        ("Other topics", "/help"),
    ]
    assert near_me_payload(None) == "/find_service"
    assert near_me_payload("not_a_topic", counselling=True) == '/find_service{"kind":"counsel"}'


def test_the_topic_menu_reaches_every_topic_and_the_emergency_numbers() -> None:
    reached: set[str] = set()
    for button in topic_menu_buttons("en"):
        target = button["payload"]
        if target.startswith("/help{"):
            group = json.loads(target.removeprefix("/help"))["menu"]
            reached |= {b["payload"].lstrip("/") for b in group_buttons("en", group)}
        else:
            reached.add(target.lstrip("/"))
    assert set(TOPICS) <= reached
    assert "emergency" in reached
