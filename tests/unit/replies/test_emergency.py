"""The emergency reply: every crisis line in every language, the category's first, never a dead end."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.content.answers import ResolvedAnswer
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import language_codes
from bot.replies import emergency, menu
from bot.replies.answers import answer_reply
from bot.replies.contract import Meta, Reply, Text
from bot.replies.emergency import emergency_reply, with_crisis_lines
from bot.replies.safety import Danger
from bot.topics import REGISTRY
from tests.auxil.safety_set import CRISIS_NUMBERS


@pytest.mark.parametrize("language", language_codes())
def test_every_crisis_number_is_in_the_emergency_reply_in_every_language(language: str) -> None:
    [message] = emergency_reply(language).messages
    assert isinstance(message, Text)
    for number in CRISIS_NUMBERS:
        assert number in message.text, (language, number)
    assert message.text.startswith(translate(language, m.EMERGENCY_HEADER))


def test_the_lines_of_the_category_come_first() -> None:
    [message] = emergency_reply("en", danger=Danger(("suicide",))).messages
    assert isinstance(message, Text)
    lines = message.text.splitlines()
    assert lines[1:4] == [f"- {m.LINE_AMBULANCE}", f"- {m.LINE_SEELSORGE}", f"- {m.LINE_CHILDREN}"]


def test_the_emergency_reply_is_never_a_dead_end() -> None:
    reply = emergency_reply("de")
    [message] = reply.messages
    assert isinstance(message, Text) and reply.meta.crisis
    titles = [b.title for b in message.buttons]
    for button in (m.BUTTON_COUNSELLOR, m.BUTTON_NEAR_ME, m.BUTTON_OTHER_TOPICS):
        assert translate("de", button) in titles


def test_violence_help_is_offered_once_the_topic_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the violence_women topic is merged, the button is left out rather than leading nowhere."""
    known = (emergency.VIOLENCE_TOPIC, "health_mental")
    monkeypatch.setattr(emergency, "is_topic", lambda name: name in known)
    monkeypatch.setattr(menu, "is_topic", lambda name: name in known)
    [message] = emergency_reply("en", danger=Danger(("domestic_violence",))).messages
    assert isinstance(message, Text)
    first = message.buttons[0]
    assert (first.title, first.payload) == (m.BUTTON_VIOLENCE_HELP, "/violence_women")
    assert message.buttons[1].payload == '/find_service{"topic":"violence_women","kind":"counsel"}'


def test_crisis_lines_go_before_an_answer_once() -> None:
    answer = Reply(Meta("en", "health_uninsured", topic="health_uninsured"), (Text("MediNetz ..."),))
    danger = Danger(("domestic_violence",), ("en",))
    once = with_crisis_lines(answer, danger)
    assert once.meta.crisis and once.meta.intent == "health_uninsured"
    assert [type(x) for x in once.messages] == [Text, Text]
    first = once.messages[0]
    assert isinstance(first, Text) and "116 016" in first.text and "116 117" not in first.text
    assert with_crisis_lines(once, danger) == once
    assert with_crisis_lines(answer, Danger()) == answer


def test_an_emergency_route_topic_starts_with_its_crisis_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    topic = REGISTRY.topics["racist_attack"]
    monkeypatch.setitem(REGISTRY.topics, "racist_attack", replace(topic, emergency_route=True))
    resolved = ResolvedAnswer(topic="racist_attack", language="en", region=None, text="Report it.", version=1)
    reply = answer_reply("en", "racist_attack", resolved)
    first = reply.messages[0]
    assert reply.meta.crisis and isinstance(first, Text) and "110" in first.text
    assert isinstance(reply.messages[1], Text) and reply.messages[1].text == "Report it."


def test_forced_work_leads_on_to_counselling_for_exploited_workers_first() -> None:
    [message] = emergency_reply("ro", danger=Danger(("forced_work",))).messages
    assert isinstance(message, Text)
    payloads = [b.payload for b in message.buttons]
    assert message.buttons[0].title == menu.topic_title("ro", "work_exploitation")
    assert payloads[:2] == ["/work_exploitation", "/violence_women"]
    assert '/find_service{"topic":"work_exploitation","kind":"counsel"}' in payloads
    # violence at home as well: the counsellor is the one for violence
    both = emergency_reply("ro", danger=Danger(("domestic_violence", "forced_work"))).messages[0]
    assert isinstance(both, Text)
    assert '/find_service{"topic":"violence_women","kind":"counsel"}' in [b.payload for b in both.buttons]


def test_the_crisis_lines_before_an_answer_do_not_offer_that_answer_again() -> None:
    answer = Reply(Meta("en", "work_exploitation", topic="work_exploitation"), (Text("Faire Mobilität ..."),))
    block = with_crisis_lines(answer, Danger(("forced_work",), ("en",))).messages[0]
    assert isinstance(block, Text)
    payloads = [b.payload for b in block.buttons]
    assert "/work_exploitation" not in payloads and "/violence_women" in payloads
    resolved = ResolvedAnswer(topic="violence_women", language="en", region=None, text="116 016", version=1)
    own = answer_reply("en", "violence_women", resolved).messages[0]
    assert isinstance(own, Text) and "/violence_women" not in [b.payload for b in own.buttons]


def test_someone_who_wants_to_die_is_offered_help_for_that_first() -> None:
    """The suicide lines were followed by "Violence: help and women's shelters" as the first way on."""
    [message] = emergency_reply("tr", danger=Danger(("suicide",))).messages
    assert isinstance(message, Text)
    assert message.buttons[0].title == menu.topic_title("tr", "health_mental")
    assert message.buttons[0].payload == "/health_mental"
    assert "/violence_women" in [b.payload for b in message.buttons]  # still there, further down


def test_the_crisis_lines_and_the_answer_under_them_do_not_offer_the_same_way_twice() -> None:
    """ "My husband beats me" showed counsellor, services near me and other topics under the crisis
    lines and again under the violence answer: six buttons on a phone for three choices."""
    resolved = ResolvedAnswer(topic="violence_women", language="tr", region=None, text="116 016", version=1)
    block, own = answer_reply(
        "tr", "violence_women", resolved, danger=Danger(("domestic_violence",))
    ).messages
    assert isinstance(block, Text) and isinstance(own, Text)
    assert "116 016" in block.text
    assert not {b.payload for b in block.buttons} & {b.payload for b in own.buttons}
    assert {b.payload for b in own.buttons} >= {menu.ALL_TOPICS, '/find_service{"topic":"violence_women"}'}
    # under another topic's answer the lines keep the violence help the answer does not offer
    uninsured = ResolvedAnswer(
        topic="health_uninsured", language="en", region=None, text="MediNetz", version=1
    )
    answer = answer_reply("en", "health_uninsured", uninsured)
    block, own = with_crisis_lines(answer, Danger(("domestic_violence",), ("en",))).messages
    assert isinstance(block, Text) and isinstance(own, Text)
    payloads = [b.payload for b in block.buttons]
    assert payloads[:2] == ["/violence_women", '/find_service{"topic":"violence_women","kind":"counsel"}']
    assert menu.ALL_TOPICS not in payloads and menu.ALL_TOPICS in [b.payload for b in own.buttons]
