"""Danger words are found in all ten languages, and everyday questions do not trigger them."""

from __future__ import annotations

import pytest
import yaml

from bot.languages import language_codes
from bot.replies.safety import KEYWORDS_FILE, EmergencyKeywords, fold


@pytest.fixture(scope="module")
def keywords() -> EmergencyKeywords:
    return EmergencyKeywords.load()


def test_every_language_has_danger_words() -> None:
    raw = yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8"))
    assert sorted(raw) == sorted(language_codes())
    assert all(len(words) >= 15 for words in raw.values())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mein Mann schlägt mich, bitte schnell", "de"),
        ("HILFE es brennt in der Wohnung", "de"),
        ("someone is following me with a knife", "en"),
        ("جوزي عم يضربني هلق ساعدوني", "ar"),
        ("بدي اقتل حالي", "ar"),
        ("میخوام بمیرم", "fa"),
        ("Він б’є мене, допоможіть", "uk"),
        ("муж бьёт меня", "ru"),
        ("YANGIN var, imdat", "tr"),
        ("ma bate sotul", "ro"),
        ("мъжът ми ме бие ме заплашва", "bg"),
        ("maz mnie bije, ratunku", "pl"),
    ],
)
def test_danger_is_recognised(keywords: EmergencyKeywords, text: str, language: str) -> None:
    assert language in keywords.languages_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich suche eine Wohnung in Brandenburg",
        "Wie bekomme ich eine Krankenversicherung?",
        "I was fired from my job",
        "sosyal yardım nasıl alınır",
        "كيف أحصل على تأمين صحي؟",
        "Где найти курсы немецкого?",
        "Gdzie znajdę pracę?",
    ],
)
def test_everyday_questions_are_not_emergencies(keywords: EmergencyKeywords, text: str) -> None:
    assert keywords.languages_in(text) == []


def test_folding_ignores_case_accents_and_letter_variants() -> None:
    assert fold("URGENȚĂ") == fold("urgenta")
    assert fold("کمک") == fold("كمك")
    assert fold("Straße") == "strasse"
