"""The one language decision: explicit choice → message → previous reply → client hint → default."""

from __future__ import annotations

import pytest

from bot.replies.language import LanguageSignals, decide_language

WRITTEN_IN = {"Ich habe keine Krankenversicherung": "de", "ليس لدي تأمين صحي": "ar", "ok": None}


def detect(text: str, _keep: str | None) -> str | None:
    return WRITTEN_IN.get(text)


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        (LanguageSignals(choice="uk", text="ليس لدي تأمين صحي", previous="de", hint="tr"), "uk"),
        (LanguageSignals(text="ليس لدي تأمين صحي", previous="de", hint="tr"), "ar"),
        (LanguageSignals(text="ok", previous="fa", hint="tr"), "fa"),  # too short to tell: keep going
        (LanguageSignals(text=None, previous=None, hint="tr-TR"), "tr"),
        (LanguageSignals(hint="pt-BR"), "de"),  # a language we do not speak: the default
        (LanguageSignals(choice="klingon", text="Ich habe keine Krankenversicherung"), "de"),
        (LanguageSignals(), "de"),
    ],
)
def test_the_order_of_the_decision(signals: LanguageSignals, expected: str) -> None:
    assert decide_language(signals, detect=detect) == expected


def test_the_installation_default_comes_last() -> None:
    assert decide_language(LanguageSignals(), default="en") == "en"
    assert decide_language(LanguageSignals(hint="ar"), default="en") == "ar"


def test_detection_weighs_a_message_against_the_conversation_then_the_app_language() -> None:
    """What detection may keep for a short message: the conversation's language, else the hint."""
    kept: list[str | None] = []

    def recording(text: str, keep: str | None) -> str | None:
        kept.append(keep)
        return None

    decide_language(LanguageSignals(text="papiere", previous="ar", hint="tr"), detect=recording)
    decide_language(LanguageSignals(text="papiere", hint="tr-TR"), detect=recording)
    decide_language(LanguageSignals(text="papiere", hint="pt-BR"), detect=recording)
    decide_language(LanguageSignals(text="квартира", hint="de"), detect=recording)  # other letters
    decide_language(LanguageSignals(text="квартира", hint="bg"), detect=recording)
    assert kept == ["ar", "tr", None, None, "bg"]
