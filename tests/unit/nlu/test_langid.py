"""The language identifier learns languages from labelled examples and survives saving and loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import decide, detect_language
from bot.replies.language import LanguageSignals, decide_language

SAMPLES = {
    "de": ["ich suche eine wohnung", "wo ist das jobcenter", "hallo guten morgen", "danke schön"],
    "en": ["i am looking for a flat", "where is the job centre", "hello good morning", "thanks a lot"],
    "ru": ["ya ishchu kvartiru", "gde nakhoditsya dzhobtsentr", "privet dobroe utro", "spasibo"],
}


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    texts = [t for lines in SAMPLES.values() for t in lines]
    labels = [code for code, lines in SAMPLES.items() for _ in lines]
    return LanguageIdentifier.train(texts * 5, labels * 5)


def test_names_the_language_of_unseen_messages(identifier: LanguageIdentifier) -> None:
    assert decide(identifier.probabilities("wohnung gesucht"), 0.0) == "de"
    assert decide(identifier.probabilities("good morning friends"), 0.0) == "en"
    assert decide(identifier.probabilities("ishchu rabotu"), 0.0) == "ru"


def test_saved_identifier_gives_the_same_answers(identifier: LanguageIdentifier, tmp_path: Path) -> None:
    path = tmp_path / "langid.npz"
    identifier.save(path)
    loaded = LanguageIdentifier.load(path)
    for text in ("wohnung gesucht", "good morning", "privet"):
        before, after = identifier.probabilities(text), loaded.probabilities(text)
        assert before.keys() == after.keys()
        assert all(abs(before[k] - after[k]) < 1e-3 for k in before)


def test_numbers_and_unknown_characters_are_no_language(identifier: LanguageIdentifier) -> None:
    assert identifier.probabilities("50667") == {}
    assert detect_language("🙂🙂", identifier=identifier) is None


def test_choice_beats_detection_and_hint_fills_in_when_unsure(identifier: LanguageIdentifier) -> None:
    def detect(text: str) -> str | None:
        return detect_language(text, identifier=identifier)

    def decided(**signals: str | None) -> str:
        return decide_language(LanguageSignals(**signals), detect=detect)

    assert decided(choice="ar", text="hello good morning", hint="de") == "ar"
    assert decided(text="hello good morning", hint="de") == "en"
    assert decided(text="50667", hint="uk") == "uk"
    assert decided(text="50667") == "de"
