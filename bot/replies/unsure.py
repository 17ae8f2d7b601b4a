"""Honest when unsure: "did you mean …?", and the human route for a need without an answer.

Rasa's two-stage fallback, in our terms: when the classifier is unsure (the FallbackClassifier's
threshold or its ambiguity threshold, chosen by cross-validation, docs/nlu.md) the person gets the two
or three likeliest topics as buttons plus "something else"; "something else", or a second message in a
row that is not understood, gets the other-need reply: no checked answer, but migration counselling
(MBE from 27, JMD from 12 to 27) near them and online (mbeon) — never a dead end. Built here once, so
the actions, the outage mode and the staff preview say the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Button, Meta, Reply, Text, payload
from bot.replies.fixed import not_understood
from bot.replies.menu import ALL_TOPICS, counsellor_button, near_me_payload, topic_title
from bot.topics import is_topic

FALLBACK_INTENT: Final = "nlu_fallback"
"""The meta ``intent`` of "not understood" and "did you mean …?" (Rasa's name for the fallback)."""
OTHER_NEED: Final = "other_need"
"""The meta intent of a real need without a checked answer (and the "something else" button)."""
COUNSELLING_TOPIC: Final = "counselling_migration"
"""The service topic of MBE and JMD: what "migration counselling near me" searches for."""
OFFERED: Final = 3
"""At most this many topics are offered."""
LEAST_OFFERED: Final = 0.02
"""A topic the model gives less confidence than this is not worth a button."""


def likeliest_topics(
    ranking: Iterable[tuple[str, float]], *, limit: int = OFFERED, least: float = LEAST_OFFERED
) -> tuple[str, ...]:
    """The ``limit`` likeliest topics of Rasa's ranking, best first.

    Intents that are not topics (a greeting, "something else", the fallback) are passed over rather
    than counted, so that one of them among the first three does not cost a topic its button: the
    right topic is then among the buttons for 61 % of the real questions asked back instead of 57 %
    (cross-validation, docs/nlu.md)."""
    topics = (name for name, confidence in ranking if is_topic(name) and confidence >= least)
    return tuple(dict.fromkeys(topics))[:limit]


ALSO_OFFERED: Final = 0.1
"""The next likeliest topic gets its own button under an answer when the model gives it at least
this much: a message about two things ("pregnant and no health insurance") reaches both, and a wrong
answer is one tap from the right one. Chosen by cross-validation (``bench/also_topic.py``,
docs/nlu.md): the lowest floor at which at most one answer in seven carries the button; it puts the
right topic under 18 % of the wrong answers to real questions and 41 % of those to written lines."""


def also_topic(
    ranking: Iterable[tuple[str, float]], answered: str, *, least: float = ALSO_OFFERED
) -> str | None:
    """The likeliest topic after ``answered`` in Rasa's ranking, if it reaches ``least``."""
    others = ((name, confidence) for name, confidence in ranking if name != answered)
    return next(iter(likeliest_topics(others, limit=1, least=least)), None)


def did_you_mean(language: str, candidates: Sequence[str]) -> Reply:
    """The likeliest topics, "something else" and a counsellor (none: "not understood" and the menu)."""
    topics = [t for t in dict.fromkeys(candidates) if is_topic(t)][:OFFERED]
    if not topics:
        return not_understood(language)
    buttons = [Button(topic_title(language, t), payload(t)) for t in topics]
    buttons.append(Button(translate(language, m.BUTTON_SOMETHING_ELSE), payload(OTHER_NEED)))
    buttons.append(counsellor_button(language))
    return Reply(
        Meta(language, FALLBACK_INTENT), (Text(translate(language, m.DID_YOU_MEAN), tuple(buttons)),)
    )


def counselling_buttons(language: str) -> tuple[Button, ...]:
    """Migration counselling near me (counsellors only), and the way back to the topics."""
    return (
        Button(
            f"📍 {translate(language, m.BUTTON_COUNSELLING_NEAR_ME)}",
            near_me_payload(COUNSELLING_TOPIC, counselling=True),
        ),
        Button(translate(language, m.BUTTON_OTHER_TOPICS), ALL_TOPICS),
    )


def other_need(language: str, *, degraded: bool = False) -> Reply:
    """No checked answer: the human route (MBE/JMD near me, mbeon online) and the topics."""
    return Reply(
        Meta(language, OTHER_NEED, degraded=degraded),
        (Text(translate(language, m.OTHER_NEED), counselling_buttons(language)),),
    )


def after_fallback(language: str, *, ranking: Iterable[tuple[str, float]], previous: str | None) -> Reply:
    """The reply to a message the model is unsure about.

    ``previous`` is the meta intent of the reply before: a second failure in a row (after "not
    understood" or "did you mean") goes to a person instead of asking once more.
    """
    if previous == FALLBACK_INTENT:
        return other_need(language)
    return did_you_mean(language, likeliest_topics(ranking))
