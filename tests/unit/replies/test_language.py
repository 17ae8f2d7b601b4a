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
