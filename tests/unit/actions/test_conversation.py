"""The glue every action shares: the reply language read from the turn, and one meta per reply."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, send
from bot.replies.contract import Meta, Reply, Text
from tests.auxil.trackers import meta_event, tracker, user_message

WRITTEN_IN = {
    "Ich habe keine Krankenversicherung": "de",
    "ليس لدي تأمين صحي": "ar",
    "Mülheim": "pl",  # what a detector may well say about a bare German place name
    "ich wohne in": "de",
}
FRENCH = "Bonjour, j'ai besoin d'aide pour trouver un logement"


@pytest.fixture(autouse=True)
def detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Language detection (trained with the model, tested in tests/nlu) stands in as a table here."""
    monkeypatch.setattr("actions.conversation.detect_language", lambda text, *_, **__: WRITTEN_IN.get(text))
    monkeypatch.setattr("actions.conversation.in_other_language", lambda text, *_, **__: text == FRENCH)


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
    reply = Reply(Meta("ar", "greet", topic="health_uninsured"), (Text("مرحبا"),))
    first = CollectingDispatcher()
    send(first, tracker(message), reply)
    assert first.messages[0]["custom"] == {
        "type": "meta",
        "language": "ar",
        "rtl": True,
        "intent": "greet",
        "topic": "health_uninsured",
        "language_fallback": False,
    }
    assert first.messages[1]["text"] == "مرحبا"
    later = CollectingDispatcher()
    send(later, tracker(message, after=[meta_event("ar")]), reply)
    assert [m.get("text") for m in later.messages] == ["مرحبا"]


def test_a_language_the_bot_does_not_speak_gets_its_languages_not_a_guess() -> None:
    """French was read as Romanian or English and answered with whatever the classifier guessed
    ("Gut." for "j'ai besoin d'aide"); now the person learns which languages the bot answers in."""
    guess = Reply(Meta("de", "affirm"), (Text("Gut. Wählen Sie ein Thema."),))
    dispatcher = CollectingDispatcher()
    send(dispatcher, tracker(user_message(FRENCH, "affirm")), guess)
    assert dispatcher.messages[0]["custom"]["intent"] == "choose_language"
    assert any(m.get("custom", {}).get("type") == "language_picker" for m in dispatcher.messages)
    texts = "\n".join(str(m.get("text") or "") for m in dispatcher.messages)
    assert "Gut." not in texts
    assert "Ihre Sprache kann ich noch nicht lesen" in texts  # in the reply language
    assert "I cannot read your language yet" in texts  # and in English


def test_after_choosing_a_language_the_answer_comes_in_it() -> None:
    answer = Reply(Meta("en", "housing_search", topic="housing_search"), (Text("Ask the Wohnungsamt."),))
    dispatcher = CollectingDispatcher()
    send(dispatcher, tracker(user_message(FRENCH, "housing_search"), slots={"language": "en"}), answer)
    assert [m.get("text") for m in dispatcher.messages[1:]] == ["Ask the Wohnungsamt."]


def test_crisis_lines_stay_first_with_the_languages_under_them() -> None:
    """ "Quiero suicidarme": the safety net's lines, then the note and the picker."""
    crisis = Reply(Meta("de", "emergency", crisis=True), (Text("Polizei: 110"),))
    dispatcher = CollectingDispatcher()
    send(dispatcher, tracker(user_message(FRENCH, "emergency")), crisis)
    texts = [str(m.get("text") or "") for m in dispatcher.messages]
    assert texts[1] == "Polizei: 110"
    assert any("I cannot read your language yet" in t for t in texts[2:])
    assert dispatcher.messages[-1].get("custom", {}).get("type") == "language_picker"
