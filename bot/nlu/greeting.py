"""A greeting with a question after it is a question: "merhaba ev arıyorum ama kimse yabancıya vermiyor".

The classifier learns ``greet`` from short greetings, so a message that starts with one ("hallo ich
suche wohnung", "salam, mən ...") can come out as ``greet`` and would only be greeted back. Here a
``greet`` prediction is checked against what greetings are made of: the words of every ``greet``
example in ``nlu_data`` (all languages — "hallo", "guten", "morgen", "ich", "frage", "merhaba", ...).
When the message has more words than that (:data:`MIN_CONTENT_WORDS` or more besides the greeting),
the person asked something. The greeting took most of the classifier's confidence, so the topics are
weighed among themselves: the best one is answered when it clearly leads (:data:`SURE_SHARE`),
otherwise the person is asked "did you mean …?" with the likeliest, as for any message the classifier
is unsure about ("salam mne nujna pomosh s dokumentami" was answered with online hate at 0.05).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from bot.languages import language_codes
from bot.nlu.data import normalize, read_examples
from bot.topics import is_topic

GREET: Final = "greet"
MIN_CONTENT_WORDS: Final = 2
"""Words besides the greeting's that make a message a question ("hallo ich suche wohnung": 2)."""
MIN_TOPIC_CONFIDENCE: Final = 0.01
"""Below this the classifier has no idea which topic: the greeting stays a greeting. Chosen with
``bench/greeting_floor.py``: 0.01 answers "здравейте, имам въпрос за детска градина" (greeting 0.98,
Kita 0.01) and answers no more plain greetings in cross-validation than 0.02; 0.005 answers more."""
SURE_SHARE: Final = 0.6
"""The share of the topics' confidence the best topic needs to be answered: at 0.6 it weighs one and a
half times all other topics together ("merhaba ev arıyorum ama kimse yabancıya vermiyor": housing 0.77);
two topics near half each are a guess."""


@dataclass(frozen=True)
class Question:
    """What a greeting asked: the topics with their share of the topics' confidence, best first."""

    shares: tuple[tuple[str, float], ...]

    @property
    def topic(self) -> str:
        return self.shares[0][0]

    def sure(self, share: float = SURE_SHARE) -> bool:
        """The best topic leads clearly enough to be answered; otherwise ask back."""
        return self.shares[0][1] >= share


@cache
def greeting_words(nlu_data: Path) -> frozenset[str]:
    """Every word of every ``greet`` training example, in all languages (none without the data)."""
    if not nlu_data.is_dir():
        return frozenset()
    return frozenset(
        word
        for example in read_examples([nlu_data], language_codes())
        if example.intent == GREET
        for word in normalize(example.text).split()
    )


def content_words(text: str, greetings: Iterable[str]) -> list[str]:
    """The words of ``text`` that are not greeting words (numbers count: "50667" is a place)."""
    known = set(greetings)
    return [word for word in normalize(text).split() if word not in known]


def question_after_greeting(
    text: str,
    ranking: Sequence[Mapping[str, Any]],
    greetings: Iterable[str],
    *,
    floor: float = MIN_TOPIC_CONFIDENCE,
) -> Question | None:
    """What a message classified as a greeting asks, or ``None``: it is just a greeting."""
    known = frozenset(greetings)
    if not known or text.startswith("/") or len(content_words(text, known)) < MIN_CONTENT_WORDS:
        return None
    topics: list[tuple[str, float]] = []
    for entry in ranking:
        name, confidence = entry.get("name"), entry.get("confidence")
        if isinstance(name, str) and is_topic(name) and isinstance(confidence, int | float):
            topics.append((name, float(confidence)))
    if not topics or topics[0][1] < floor:
        return None
    total = sum(confidence for _, confidence in topics)
    return Question(tuple((name, confidence / total) for name, confidence in topics))
