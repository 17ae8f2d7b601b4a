"""Other need and the question inbox through the whole stack: real NLU, rules, slots, actions, database."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.menu import ALL_TOPICS, topic_title
from bot.topics import TOPICS
from tests.auxil.privacy import text_forms, traces
from tests.auxil.stack import RunningStack
from tests.auxil.unsure import NO, YES, an_unsure_message, ask, kept, kept_since, meta, payloads

pytestmark = pytest.mark.stack


def test_a_need_without_an_answer_gets_a_person_and_only_yes_keeps_the_question(stack: RunningStack) -> None:
    first = f"unsure-{uuid.uuid4().hex[:10]}"
    replies = ask(stack, first, "meine frage ist nicht in der liste, tel 0176 1234567")
    assert meta(replies)["intent"] == "other_need"
    assert '/find_service{"topic":"counselling_migration","kind":"counsel"}' in payloads(replies)
    assert any("mbeon" in (r.get("text") or "") for r in replies)
    assert payloads(replies)[-2:] == [YES, NO]
    before = kept(stack)
    assert meta(ask(stack, first, YES))["intent"] == "affirm"
    [new] = kept_since(stack, before)
    assert new == (
        "meine frage ist nicht in der liste, tel [number]",
        "de",
        "other_need",
    )
    # the content database (where the inbox lives) holds none of it, in any encoding
    needles = {
        "phone": text_forms("1234567"),
    }
    assert traces([Path(stack.settings.db_url.removeprefix("sqlite:///"))], needles) == []
    # asked once per conversation
    assert YES not in payloads(ask(stack, first, "ich brauche hilfe bei was anderem"))

    second = f"unsure-{uuid.uuid4().hex[:10]}"
    assert YES in payloads(ask(stack, second, "ich hab ein anderes problem mit dem gericht"))
    count = len(kept(stack))
    assert meta(ask(stack, second, NO))["intent"] == "deny"
    assert len(kept(stack)) == count


def test_did_you_mean_then_a_second_failure_or_something_else_goes_to_a_person(stack: RunningStack) -> None:
    text, offered = an_unsure_message(stack)
    first = f"unsure-{uuid.uuid4().hex[:10]}"
    replies = ask(stack, first, text)
    assert meta(replies)["intent"] == "nlu_fallback"
    assert offered[0] in payloads(replies) and "/other_need" in payloads(replies)
    assert YES not in payloads(replies)  # the person may still pick a topic: no consent question yet
    again = ask(stack, first, text)
    assert meta(again)["intent"] == "other_need" and payloads(again)[-2:] == [YES, NO]

    second = f"unsure-{uuid.uuid4().hex[:10]}"
    ask(stack, second, text)
    something_else = ask(stack, second, "/other_need")
    assert meta(something_else)["intent"] == "other_need" and payloads(something_else)[-2:] == [YES, NO]
    before = kept(stack)
    ask(stack, second, YES)
    [new] = kept_since(stack, before)
    assert (
        new[0] == text and f"/{new[2]}" == offered[0]
    )  # the question before "something else", with its guess


EVERYDAY = (
    ("wo ist der bahnhof?", "out_of_scope", None),
    ("gdzie jest dworzec", "out_of_scope", None),
    ("where is the bus stop", "out_of_scope", None),
    ("wo kann ich schwimmen lernen", "out_of_scope", None),
    ("where can i get free clothes", "other_need", None),
    ("ucretsiz kiyafet nerede", "other_need", None),
    ("my friend died in the camp what do we do", "other_need", None),
    ("my child has fever at night what do i do", "health_find_doctor", "health_find_doctor"),
    (
        "salut, lucrez in germania de 2 luni, seful nu vrea sa-mi dea contract si acum zice ca nu plateste",
        "work_exploitation",
        "work_exploitation",
    ),
    ("czy polka ma prawo do buergergeld", "social_benefits", "social_benefits"),
    ("pot primi buergergeld daca sunt romanca", "social_benefits", "social_benefits"),
)
"""Everyday questions that once got a wrong answer: the station and clothes the homelessness text (its
lines name the station), swimming the language courses, a death in the camp leaving the shelter, a
child's fever at night the crisis lines instead of the doctor on call (116 117), a Romanian worker without
a contract or pay, and Polish and Romanian questions about Bürgergeld, the answer about finding work."""


def test_everyday_questions_get_no_wrong_answer(stack: RunningStack) -> None:
    for text, intent, topic in EVERYDAY:
        replies = ask(stack, f"everyday-{uuid.uuid4().hex[:10]}", text)
        assert (meta(replies)["intent"], meta(replies).get("topic")) == (intent, topic), text
        if intent == "other_need":  # a person who can help, instead of a wrong answer
            assert '/find_service{"topic":"counselling_migration","kind":"counsel"}' in payloads(replies)
        if topic == "health_find_doctor":
            assert any("116 117" in (r.get("text") or "") for r in replies)


MIXED = (
    "mein vermieter will mich rauswerfen und ich habe schulden",
    "ich bin schwanger und habe keine krankenversicherung",
    "my wife is pregnant, can we get kindergeld",
    "ich suche eine wohnung und einen deutschkurs",
)
"""Messages about two things; the model ranks the second topic high enough for at least one."""


def test_a_message_about_two_things_reaches_the_second_topic_in_one_tap(stack: RunningStack) -> None:
    for text in MIXED:
        conversation = f"also-{uuid.uuid4().hex[:10]}"
        replies = ask(stack, conversation, text)
        answered = meta(replies).get("topic")
        buttons = payloads(replies)
        also = [p for p in buttons if p.lstrip("/") in TOPICS and p.lstrip("/") != answered]
        if answered and also:
            topic, language = also[0].lstrip("/"), meta(replies)["language"]
            titles = [b["title"] for r in replies for b in r.get("buttons") or []]
            at = buttons.index(also[0])
            # labelled as another topic, just above "other topics"
            assert titles[at] == translate(language, m.BUTTON_ALSO_TOPIC, topic=topic_title(language, topic))
            assert buttons[at + 1] == ALL_TOPICS
            tapped = ask(stack, conversation, also[0])
            assert meta(tapped)["topic"] == topic
            return
    pytest.fail(f"no answer to {MIXED} offered its second topic")
