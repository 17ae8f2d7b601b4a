"""A greeting with a question after it is a question: "merhaba ev arıyorum ama kimse yabancıya vermiyor".

The classifier learns ``greet`` from short greetings, so a message that starts with one ("hallo ich
suche wohnung", "salam, mən ...") can come out as ``greet`` and would only be greeted back. Here a
``greet`` prediction is checked against what greetings are made of: the words of every ``greet``
example in ``nlu_data`` (all languages — "hallo", "guten", "morgen", "ich", "frage", "merhaba", ...).
When the message has more words than that (:data:`MIN_CONTENT_WORDS` or more besides the greeting),
the person asked something: the best-ranked topic of the classifier's ranking is answered instead, if
the classifier gives it any weight at all (:data:`MIN_TOPIC_CONFIDENCE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from bot.languages import language_codes
from bot.nlu.data import normalize, read_examples
from bot.topics import is_topic

GREET: Final = "greet"
MIN_CONTENT_WORDS: Final = 2
"""Words besides the greeting's that make a message a question ("hallo ich suche wohnung": 2)."""
MIN_TOPIC_CONFIDENCE: Final = 0.02
"""Below this the classifier has no idea which topic: the greeting stays a greeting."""


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
    text: str, ranking: Sequence[Mapping[str, Any]], greetings: Iterable[str]
) -> str | None:
    """The topic to answer for a message classified as a greeting, or ``None``: it is just a greeting."""
    known = frozenset(greetings)
    if not known or text.startswith("/") or len(content_words(text, known)) < MIN_CONTENT_WORDS:
        return None
    for entry in ranking:
        name, confidence = entry.get("name"), entry.get("confidence")
        if isinstance(name, str) and is_topic(name) and isinstance(confidence, int | float):
            return name if confidence >= MIN_TOPIC_CONFIDENCE else None
    return None
