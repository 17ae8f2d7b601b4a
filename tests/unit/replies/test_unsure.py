"""Honest when unsure: "did you mean …?" offers the likeliest topics, a second failure goes to a person."""

from __future__ import annotations

import pytest

from bot.languages import language_codes
from bot.replies.contract import Reply, Text, fits_callback, parse_payload
from bot.replies.menu import topic_title
from bot.replies.unsure import after_fallback, also_topic, did_you_mean, likeliest_topics, other_need

RANKINGS = [
    # (ranking as Rasa gives it, the topics offered)
    ([("nlu_fallback", 0.3), ("health_insurance", 0.28), ("health_uninsured", 0.26), ("greet", 0.1)],
     ("health_insurance", "health_uninsured")),
    ([("housing_search", 0.25), ("housing_tenancy", 0.2), ("housing_homeless", 0.2), ("work_jobs", 0.19)],
     ("housing_search", "housing_tenancy", "housing_homeless")),
    ([("greet", 0.2), ("thank", 0.19), ("work_jobs", 0.05)], ("work_jobs",)),
    # intents that are not topics do not take a topic's place among the three
    ([("other_need", 0.3), ("social_benefits", 0.2), ("out_of_scope", 0.15), ("family_benefits", 0.1),
      ("work_jobs", 0.08), ("housing_search", 0.05)],
     ("social_benefits", "family_benefits", "work_jobs")),
    # a topic the model gives almost nothing is not worth a button
    ([("greet", 0.2), ("thank", 0.19), ("goodbye", 0.1), ("work_jobs", 0.01)], ()),
    ([("not_a_topic", 0.4), ("language_course", 0.3)], ("language_course",)),
    ([], ()),
]  # fmt: skip


@pytest.mark.parametrize(("ranking", "offered"), RANKINGS)
def test_the_three_likeliest_topics_are_offered(
    ranking: list[tuple[str, float]], offered: tuple[str, ...]
) -> None:
    assert likeliest_topics(ranking) == offered


def payloads(reply: Reply) -> list[str]:
    return [b.payload for message in reply.messages if isinstance(message, Text) for b in message.buttons]


def intents(reply: Reply) -> list[str]:
    found = []
    for p in payloads(reply):
        parsed = parse_payload(p)
        assert parsed is not None, p
        found.append(parsed[0])
    return found


CASES = [
    # (previous reply's intent, ranking, the reply's intent, the buttons' intents)
    (None, [("health_insurance", 0.28), ("health_uninsured", 0.26)], "nlu_fallback",
     ["health_insurance", "health_uninsured", "other_need", "find_service"]),
    ("greet", [("housing_search", 0.2)], "nlu_fallback", ["housing_search", "other_need", "find_service"]),
    # nothing worth offering: "not understood" with the whole menu (services near me, a counsellor, groups)
    (None, [("greet", 0.2), ("thank", 0.1), ("goodbye", 0.1)], "nlu_fallback", None),
    # a second failure in a row goes to a person, whatever the ranking
    ("nlu_fallback", [("health_insurance", 0.28), ("health_uninsured", 0.26)], "other_need",
     ["find_service", "help"]),
    ("nlu_fallback", [], "other_need", ["find_service", "help"]),
]  # fmt: skip


@pytest.mark.parametrize(("previous", "ranking", "intent", "buttons"), CASES)
def test_after_a_fallback(
    previous: str | None, ranking: list[tuple[str, float]], intent: str, buttons: list[str] | None
) -> None:
    reply = after_fallback("en", ranking=ranking, previous=previous)
    assert reply.meta.intent == intent
    if buttons is None:  # the topic menu
        assert "find_service" in intents(reply) and "help" in intents(reply)
        assert "other_need" not in intents(reply)
    else:
        assert intents(reply) == buttons


@pytest.mark.parametrize("language", language_codes())
def test_did_you_mean_names_the_topics_in_the_persons_language(language: str) -> None:
    reply = did_you_mean(language, ["health_uninsured", "counselling_debt", "housing_search", "work_jobs"])
    [text] = reply.messages
    assert isinstance(text, Text)
    titles = [b.title for b in text.buttons]
    assert titles[:3] == [
        topic_title(language, t) for t in ("health_uninsured", "counselling_debt", "housing_search")
    ]
    assert len(titles) == 5  # at most three topics, then "something else" and a counsellor
    assert all(fits_callback(p) for p in payloads(reply))
    if language != "en":
        english = did_you_mean("en", ["health_uninsured"])
        assert text.text != english.messages[0].text  # type: ignore[union-attr]
        assert titles[3] != "Something else"


@pytest.mark.parametrize("language", language_codes())
def test_the_other_need_reply_is_a_human_route_in_every_language(language: str) -> None:
    reply = other_need(language)
    [text] = reply.messages
    assert isinstance(text, Text)
    for name in ("MBE", "JMD", "mbeon", "https://www.mbeon.de"):
        assert name in text.text
    [near, other] = payloads(reply)
    assert parse_payload(near) == ("find_service", {"topic": "counselling_migration", "kind": "counsel"})
    assert other == "/help"
    assert fits_callback(near)
    if language != "en":
        assert text.text != other_need("en").messages[0].text  # type: ignore[union-attr]


def test_the_outage_mode_flags_its_other_need_reply() -> None:
    assert other_need("de", degraded=True).meta.degraded
    assert not other_need("de").meta.degraded


ALSO = [
    # (ranking, the topic answered, the topic offered under the answer)
    ([("health_uninsured", 0.55), ("pregnancy", 0.3), ("greet", 0.1)], "health_uninsured", "pregnancy"),
    # intents that are not topics are passed over, as for "did you mean"
    ([("housing_search", 0.6), ("greet", 0.2), ("housing_tenancy", 0.12)], "housing_search",
     "housing_tenancy"),
    # the next topic too unlikely: no button
    ([("work_jobs", 0.8), ("work_exploitation", 0.06), ("social_benefits", 0.05)], "work_jobs", None),
    # a likely intent that is not a topic does not lend its confidence to the topic after it
    ([("language_course", 0.7), ("greet", 0.15), ("work_jobs", 0.08)], "language_course", None),
    # a topic tapped on a button (its ranking is that topic alone)
    ([("pregnancy", 1.0)], "pregnancy", None),
    ([], "pregnancy", None),
]  # fmt: skip


@pytest.mark.parametrize(("ranking", "answered", "offered"), ALSO)
def test_the_next_likeliest_topic_is_offered_under_an_answer(
    ranking: list[tuple[str, float]], answered: str, offered: str | None
) -> None:
    assert also_topic(ranking, answered) == offered
