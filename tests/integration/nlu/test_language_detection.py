"""Language detection with the identifier trained alongside the project's model (bot/nlu/langid.py).

Users write "Hallo", Arabizi, Finglish and transliterated Cyrillic; a general-purpose detector
(lingua) calls "Hallo" English and gives up on the rest. Unsure messages keep the conversation's
language: the explicit choice, or the client's hint.
"""

from __future__ import annotations

import pytest

from bot.engine.models import ModelInfo
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import detect_language, in_other_language
from bot.replies.language import LanguageSignals, decide_language


@pytest.fixture(scope="module")
def identifier(trained_model: ModelInfo) -> LanguageIdentifier:
    return LanguageIdentifier.load(trained_model.language_id_path)


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Hallo", "de"),
        ("Guten Morgen!", "de"),
        ("hello there", "en"),
        ("mar7aba, 3andi mushkila ma3 el sakan", "ar"),
        ("salam, mikhastam beporsam khune peyda kardan chetori", "fa"),
        ("privit, ya shukayu kvartyru v kelni", "uk"),
        ("privet, ya ishchu kvartiru v kyolne", "ru"),
        ("zdraveite, tarsya kvartira v kyoln", "bg"),
        ("я живу в Кёльне", "ru"),
        ("я живу в Кельні", "uk"),
        ("живея в Кьолн", "bg"),
        ("merhaba, ev arıyorum", "tr"),
        ("bună ziua, caut o locuință", "ro"),
        ("dzień dobry, szukam mieszkania", "pl"),
        ("مرحبا، أبحث عن شقة", "ar"),
        ("سلام، دنبال خانه می‌گردم", "fa"),
    ],
)
def test_detects_the_language_people_write_in(
    identifier: LanguageIdentifier, message: str, language: str
) -> None:
    assert detect_language(message, identifier=identifier) == language


@pytest.mark.parametrize(
    "message",
    # keyboard noise and laughter: the first two are training lines filed under Arabic and Russian
    ["50667", "👍", "ok", "asdfgh", "qwerty", "hahaha", "lkjlkj", "xD"],
)
def test_is_unsure_about_messages_without_a_language(identifier: LanguageIdentifier, message: str) -> None:
    assert detect_language(message, identifier=identifier) is None


def decided(identifier: LanguageIdentifier, **signals: str | None) -> str:
    return decide_language(
        LanguageSignals(**signals),
        detect=lambda text, keep: detect_language(text, keep, identifier=identifier),
    )


def test_explicit_choice_beats_detection(identifier: LanguageIdentifier) -> None:
    assert decided(identifier, choice="fa", text="Hallo", hint="en") == "fa"


def test_hint_is_used_when_detection_is_unsure(identifier: LanguageIdentifier) -> None:
    assert decided(identifier, text="50667", hint="uk") == "uk"
    assert decided(identifier, text="Hallo", hint="uk") == "de"


@pytest.mark.parametrize(
    ("message", "conversation"),
    [
        ("квартира", "ru"),  # Russian and Ukrainian alike
        ("работа", "bg"),  # Bulgarian and Russian alike
        ("Termin", "fa"),  # a German office word, said in every language here
        ("papiere", "de"),
    ],
)
def test_a_word_or_two_do_not_switch_the_conversation_language(
    identifier: LanguageIdentifier, message: str, conversation: str
) -> None:
    """Each of these was named another language (Ukrainian, Russian, German, Romanian) and the reply
    switched to it mid-conversation."""
    assert detect_language(message, identifier=identifier) not in (None, conversation)  # the old rule
    assert decided(identifier, text=message, previous=conversation) == conversation


def test_a_clear_word_or_a_sentence_still_switch(identifier: LanguageIdentifier) -> None:
    """Someone who changes language is followed: a word only one language has, or a sentence."""
    assert decided(identifier, text="дякую", previous="ru") == "uk"
    assert decided(identifier, text="я ищу квартиру и работу", previous="uk") == "ru"
    assert decided(identifier, text="Termin") == "de"  # the first message: nothing to keep


def test_before_the_first_reply_a_word_or_two_do_not_beat_the_app_language(
    identifier: LanguageIdentifier,
) -> None:
    """A first "papiere" from someone whose Telegram is in German was answered in Romanian."""
    assert detect_language("papiere", identifier=identifier) == "ro"  # what the identifier guesses
    assert decided(identifier, text="papiere", hint="de") == "de"
    assert decided(identifier, text="дякую", hint="ru") == "uk"  # sure: the words win
    # a German phone says nothing about a word in Cyrillic letters
    assert detect_language("квартира", identifier=identifier) == "uk"
    assert decided(identifier, text="квартира", hint="de") == "uk"


@pytest.mark.parametrize(
    "message",
    [
        "Bonjour, je voudrais savoir où trouver un appartement",
        "necesito ayuda con el alquiler por favor",
        "potrebujem pomoc s bytom v Kolíne",
        "ik zoek een dokter die engels spreekt",
    ],
)
def test_a_sentence_in_a_language_the_bot_does_not_speak_is_told_apart(
    identifier: LanguageIdentifier, message: str
) -> None:
    assert in_other_language(message, identifier=identifier)
    assert detect_language(message, identifier=identifier) is None


@pytest.mark.parametrize(
    "message",
    ["Kindergeld", "Anmeldung", "ciao", "Ich brauche Hilfe beim Kindergeld", "Jobcenter kesti parami"],
)
def test_office_words_and_our_languages_are_not_another_language(
    identifier: LanguageIdentifier, message: str
) -> None:
    """A German office word alone is asked about in every language; it is answered, not met with
    the list of languages."""
    assert not in_other_language(message, identifier=identifier)


def test_keyboard_noise_keeps_the_conversation_language(identifier: LanguageIdentifier) -> None:
    """A German-speaking person who slips on the keyboard is answered in German, not in Arabic."""
    assert decided(identifier, text="asdfgh", hint="de") == "de"
    assert decided(identifier, text="sdfghj jkl", hint="uk") == "uk"


def test_is_small_and_quick_to_load(trained_model: ModelInfo) -> None:
    """It is loaded by the action server and the adapter: a few MB, not a model server."""
    assert trained_model.language_id_path.stat().st_size < 10_000_000
