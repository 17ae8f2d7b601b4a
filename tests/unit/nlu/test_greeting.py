"""A greeting with a question after it is answered for the question, a greeting alone stays one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.nlu.greeting import content_words, greeting_words, question_after_greeting

GREETINGS = greeting_words(PROJECT_ROOT / "nlu_data")
RANKING = [
    {"name": "greet", "confidence": 0.55},
    {"name": "help", "confidence": 0.2},
    {"name": "housing_search", "confidence": 0.15},
    {"name": "work_jobs", "confidence": 0.05},
]


@pytest.mark.parametrize(
    "text",
    [
        "merhaba ev arıyorum ama kimse yabancıya vermiyor",
        "hallo ich suche wohnung",
        "salam, mən ev axtarıram",
        "مرحبا بدي شقة بكولن",
        "привет ищу квартиру",
        "hello i need a flat",
    ],
)
def test_a_greeting_with_a_question_is_answered_for_the_question(text: str) -> None:
    question = question_after_greeting(text, RANKING, GREETINGS)
    assert question is not None and question.sure() and question.topic == "housing_search"


def test_a_question_the_greeting_outweighs_is_still_answered() -> None:
    """ "здравейте, имам въпрос за детска градина" ("hello, I have a question about Kita") was only
    greeted back: the greeting had 0.982 of the confidence, the Kita topic 0.01."""
    ranking = [
        {"name": "greet", "confidence": 0.982},
        {"name": "school_childcare", "confidence": 0.01},
        {"name": "family_benefits", "confidence": 0.001},
    ]
    question = question_after_greeting("здравейте, имам въпрос за детска градина", ranking, GREETINGS)
    assert question is not None and question.sure() and question.topic == "school_childcare"


def test_a_question_after_a_greeting_that_two_topics_share_is_asked_back() -> None:
    """ "salam mne nujna pomosh s dokumentami" (Russian in Latin letters, "I need help with documents")
    was answered with online hate: 0.05 against violence 0.04 after a greeting of 0.7."""
    ranking = [
        {"name": "greet", "confidence": 0.7},
        {"name": "online_hate", "confidence": 0.05},
        {"name": "violence_women", "confidence": 0.04},
        {"name": "help", "confidence": 0.03},
        {"name": "housing_search", "confidence": 0.01},
    ]
    question = question_after_greeting("salam mne nujna pomosh s dokumentami", ranking, GREETINGS)
    assert question is not None and not question.sure()
    assert [name for name, _ in question.shares][:2] == ["online_hate", "violence_women"]
    assert sum(share for _, share in question.shares) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "text",
    [
        "hallo",
        "guten morgen ich hätte eine frage",
        "hallo wie geht es ihnen",
        "hi how are you",
        "merhaba",
        "/start",
    ],
)
def test_a_greeting_alone_stays_a_greeting(text: str) -> None:
    assert question_after_greeting(text, RANKING, GREETINGS) is None


def test_no_topic_with_any_weight_keeps_the_greeting() -> None:
    ranking = [{"name": "greet", "confidence": 0.98}, {"name": "housing_search", "confidence": 0.001}]
    assert question_after_greeting("hallo ich suche wohnung", ranking, GREETINGS) is None


def test_greeting_words_come_from_every_language_s_greetings() -> None:
    assert {"hallo", "merhaba", "привіт", "cześć"} <= GREETINGS
    assert content_words("Hallo, ich suche Wohnung!", GREETINGS) == ["suche", "wohnung"]


def test_without_training_data_a_greeting_stays_a_greeting(tmp_path: Path) -> None:
    greetings = greeting_words(tmp_path / "no-nlu-data")
    assert greetings == frozenset()
    assert question_after_greeting("guten morgen zusammen", RANKING, greetings) is None
