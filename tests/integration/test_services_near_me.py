"""Services near me through the whole stack: `wegweiser ask` → Rasa (form, rules) → actions → database.

The demo directory (content/demo/services.csv) and the GeoNames postal codes are seeded as `make run`
seeds them. Conversations are kept with ``--conversation`` so that a postal code can follow a question.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect

from bot.content.usage import iso_week_of
from bot.db.session import get_engine
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.menu import topic_title
from bot.replies.services import COUNSELLING_TOPICS
from tests.auxil.published import published_reply
from tests.auxil.stack import RunningStack

pytestmark = pytest.mark.stack

Reply = list[dict[str, Any]]
EMERGENCY_NUMBERS = (
    "110",
    "112",
    "116 117",
    "116 016",
    "0800 111 0 111",
    "0800 22 55 530",
    "0800 40 40 020",
    "116 111",
)


class Conversation:
    """One person's conversation, kept across `wegweiser ask` calls."""

    def __init__(self, stack: RunningStack) -> None:
        self.stack = stack
        self.name = f"near-me-{uuid.uuid4().hex[:12]}"

    def ask(self, text: str, *extra: str) -> Reply:
        result = self.stack.cli("ask", text, "--json", "--conversation", self.name, *extra)
        replies: Reply = json.loads(result.stdout)
        return replies


def meta(replies: Reply) -> dict[str, Any]:
    found = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "meta"]
    assert len(found) == 1, replies
    return found[0]


def cards(replies: Reply) -> list[dict[str, Any]]:
    return [r["custom"]["service"] for r in replies if (r.get("custom") or {}).get("type") == "service_card"]


def texts(replies: Reply) -> list[str]:
    return [r["text"] for r in replies if r.get("text")]


def payloads(replies: Reply) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def asks_for_place(replies: Reply) -> bool:
    return any((r.get("custom") or {}).get("type") == "request_location" for r in replies)


def assert_demo_services_in(city: str, topic: str, found: list[dict[str, Any]]) -> None:
    assert found, f"no services for {topic} in {city}"
    for card in found:
        assert card["city"] == city, card
        assert topic in card["topics"], card
        assert card["demo"] is True and card["name"].endswith("(Demo)"), card


def test_uninsured_then_a_postal_code_lists_services_in_cologne_nearest_first(
    stack: RunningStack,
) -> None:
    talk = Conversation(stack)
    answer = talk.ask("Ich habe keine Krankenversicherung")
    assert (meta(answer)["language"], meta(answer)["topic"]) == ("de", "health_uninsured")
    assert published_reply(stack, "health_uninsured", "de") in texts(answer)
    assert '/find_service{"topic":"health_uninsured"}' in payloads(answer)

    listed = talk.ask("50667")
    info = meta(listed)
    assert (info["language"], info["topic"]) == ("de", "health_uninsured")
    found = cards(listed)
    assert_demo_services_in("Köln", "health_uninsured", found)
    distances = [card["distance_km"] for card in found]
    assert distances == sorted(distances)
    assert len(found) >= 3
    title = topic_title("de", "health_uninsured")
    assert texts(listed)[0] == translate("de", m.SERVICES_INTRO, topic=title, place="50667 Köln")
    assert "/help" in payloads(listed) and "/inform_location" in payloads(listed)


def test_the_same_conversation_in_arabic_is_answered_in_arabic(stack: RunningStack) -> None:
    talk = Conversation(stack)
    answer = talk.ask("ليس لدي تأمين صحي")
    info = meta(answer)
    assert (info["language"], info["rtl"], info["topic"]) == ("ar", True, "health_uninsured")
    assert info["language_fallback"] is False
    assert published_reply(stack, "health_uninsured", "ar") in texts(answer)

    listed = talk.ask("50667")
    assert (meta(listed)["language"], meta(listed)["topic"]) == ("ar", "health_uninsured")
    found = cards(listed)
    assert_demo_services_in("Köln", "health_uninsured", found)
    # services whose staff speak Arabic are among them, and the list is nearest first
    assert any(card["speaks_language"] for card in found)
    distances = [card["distance_km"] for card in found]
    assert distances == sorted(distances)
    title = topic_title("ar", "health_uninsured")
    assert texts(listed)[0] == translate("ar", m.SERVICES_INTRO, topic=title, place="50667 Köln")


def test_a_question_naming_leipzig_leads_to_services_in_leipzig(stack: RunningStack) -> None:
    talk = Conversation(stack)
    answer = talk.ask("Ich brauche einen Arzt in Leipzig")
    assert meta(answer)["topic"] == "health_find_doctor"
    near_me = '/find_service{"topic":"health_find_doctor"}'
    assert near_me in payloads(answer)

    listed = talk.ask(near_me)  # the "services near me" button: Leipzig is already known
    assert not asks_for_place(listed)
    assert_demo_services_in("Leipzig", "health_find_doctor", cards(listed))


@pytest.mark.parametrize(
    ("question", "where", "topic"),
    [
        ("ich brauche einen deutschkurs in leipzig", "wo genau?", "language_course"),
        ("Мне нужен врач в Лейпциге", "где это?", "health_find_doctor"),
        ("caut un curs de germana in Leipzig", "unde?", "language_course"),
    ],
)
def test_where_typed_after_an_answer_lists_services_for_it(
    stack: RunningStack, question: str, where: str, topic: str
) -> None:
    """ "wo genau?" after an answer was taken for "yes" and "unde?" for "nowhere to sleep"."""
    talk = Conversation(stack)
    assert meta(talk.ask(question))["topic"] == topic
    listed = talk.ask(where)
    assert not asks_for_place(listed)
    assert_demo_services_in("Leipzig", topic, cards(listed))


def test_an_ambiguous_place_is_asked_back(stack: RunningStack) -> None:
    talk = Conversation(stack)
    asked = talk.ask("/find_service")
    assert asks_for_place(asked) and not cards(asked)

    back = talk.ask("Mülheim")
    assert not cards(back)
    question = next(r for r in back if r.get("buttons"))
    assert question["text"] == translate("de", m.PLACE_AMBIGUOUS, place="Mülheim")
    candidates = [b for b in question["buttons"] if b["payload"].startswith("/inform_location{")]
    assert len(candidates) >= 2
    assert any("Ruhr" in b["title"] for b in candidates)

    ruhr = next(b for b in candidates if "Ruhr" in b["title"])
    chosen = talk.ask(ruhr["payload"])
    assert not asks_for_place(chosen)
    assert "Mülheim an der Ruhr" in texts(chosen)[0]


def test_an_unknown_place_is_asked_again(stack: RunningStack) -> None:
    talk = Conversation(stack)
    talk.ask("/find_service")
    unknown = talk.ask("Xyzdorfhausen")
    assert not cards(unknown)
    assert translate("de", m.PLACE_NOT_FOUND, place="Xyzdorfhausen") in texts(unknown)
    assert asks_for_place(unknown)
    listed = talk.ask("04315")  # the form is still asking
    assert cards(listed) and all(card["city"] == "Leipzig" for card in cards(listed))


def test_a_topic_question_while_the_place_is_asked_is_answered(stack: RunningStack) -> None:
    talk = Conversation(stack)
    talk.ask("/find_service")
    answered = talk.ask("Ich habe keine Wohnung und muss heute draußen schlafen")
    assert meta(answered)["topic"] == "housing_homeless"
    assert published_reply(stack, "housing_homeless", "de") in texts(answered)
    assert asks_for_place(answered)  # … and the place is asked for again

    listed = talk.ask("Leipzig")
    assert meta(listed)["topic"] == "housing_homeless"
    assert_demo_services_in("Leipzig", "housing_homeless", cards(listed))


def test_a_question_naming_a_postal_code_while_asked_gets_answer_and_services(
    stack: RunningStack,
) -> None:
    talk = Conversation(stack)
    talk.ask('/find_service{"topic":"counselling_debt"}')
    reply = talk.ask("Ich suche eine Wohnung in 04109")
    assert meta(reply)["topic"] == "housing_search"  # one reply, one meta
    assert published_reply(stack, "housing_search", "de") in texts(reply)
    assert_demo_services_in("Leipzig", "housing_search", cards(reply))


def test_a_shared_location_gives_services_there(stack: RunningStack) -> None:
    talk = Conversation(stack)
    listed = talk.ask('/inform_location{"lat": 51.34, "lon": 12.37}')
    found = cards(listed)
    assert len(found) >= 3 and all(card["city"] == "Leipzig" for card in found)
    distances = [card["distance_km"] for card in found]
    assert distances == sorted(distances)
    assert texts(listed)[0] == translate("de", m.SERVICES_INTRO_ALL, place="Leipzig")


@pytest.mark.parametrize(
    ("message", "language"),
    [("Ich werde gerade angegriffen", "de"), ("زوجي يضربني الآن", "ar")],
)
def test_the_emergency_numbers_come_at_once(stack: RunningStack, message: str, language: str) -> None:
    reply = Conversation(stack).ask(message)
    assert (meta(reply)["intent"], meta(reply)["language"]) == ("emergency", language)
    text = "\n".join(texts(reply))
    assert text.startswith(translate(language, m.EMERGENCY_HEADER))
    for number in EMERGENCY_NUMBERS:
        assert number in text


def test_danger_while_the_place_is_asked_ends_the_asking(stack: RunningStack) -> None:
    talk = Conversation(stack)
    talk.ask("/find_service")
    reply = talk.ask("Ich werde gerade angegriffen")
    assert meta(reply)["intent"] == "emergency"
    assert all(number in "\n".join(texts(reply)) for number in EMERGENCY_NUMBERS)
    assert not asks_for_place(reply)
    greeting = talk.ask("Hallo")
    assert meta(greeting)["intent"] == "greet" and not asks_for_place(greeting)


def test_help_leaves_the_form(stack: RunningStack) -> None:
    talk = Conversation(stack)
    assert asks_for_place(talk.ask("/find_service"))
    reply = talk.ask("/help")
    assert meta(reply)["intent"] == "help" and not asks_for_place(reply)
    assert not asks_for_place(talk.ask("Hallo"))


def test_a_counsellor_is_offered_for_the_topic(stack: RunningStack) -> None:
    talk = Conversation(stack)
    talk.ask("/health_uninsured")
    reply = talk.ask('/find_service{"topic":"health_uninsured","kind":"counsel"}')
    assert asks_for_place(reply)
    listed = talk.ask("50667")
    found = cards(listed)
    assert found and all(card["city"] == "Köln" for card in found)
    assert all(card["online_counselling"] or COUNSELLING_TOPICS & set(card["topics"]) for card in found)


def _counts(stack: RunningStack) -> dict[tuple[Any, ...], int]:
    path = stack.settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT topic, region, language, iso_year, iso_week, count FROM usage_counts"
        ).fetchall()
    return {tuple(row[:5]): int(row[5]) for row in rows}


def test_counters_count_topic_region_language_and_week_only(stack: RunningStack) -> None:
    year, week = iso_week_of(datetime.now(UTC))
    before = _counts(stack)
    talk = Conversation(stack)
    talk.ask("/health_uninsured", "--lang", "ar")
    talk.ask("50667")
    talk.ask("/emergency")
    after = _counts(stack)
    changed = {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key)}
    assert changed == {
        ("health_uninsured", None, "ar", year, week): 1,
        ("health_uninsured", "05315", "ar", year, week): 1,
        ("emergency", "05315", "ar", year, week): 1,
    }
    columns = {c["name"] for c in inspect(get_engine(stack.settings.db_url)).get_columns("usage_counts")}
    assert columns == {"id", "topic", "region", "language", "iso_year", "iso_week", "count"}
    stored = json.dumps(list(after), ensure_ascii=False)
    assert talk.name not in stored and "50667" not in stored


def test_every_topic_has_a_published_answer_in_every_language(stack: RunningStack) -> None:
    report = json.loads(stack.cli("content", "check", "--json").stdout)
    assert report["missing"] == []
    assert set(report["coverage"].values()) == {1.0}
