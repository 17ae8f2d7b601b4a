"""Answers of topics on an emergency route carry the crisis lines; other answers do not."""

from __future__ import annotations

from bot.content.answers import ResolvedAnswer
from bot.replies.answers import answer_reply
from bot.replies.contract import Reply, Text, payload
from bot.replies.menu import topic_title
from bot.replies.safety import Danger
from bot.topics import REGISTRY


def _answer(topic: str, language: str = "de") -> ResolvedAnswer:
    return ResolvedAnswer(topic=topic, text="Antworttext.", language=language, region=None, version=1)


def test_an_answer_about_violence_also_gives_the_crisis_lines_with_the_ways_on() -> None:
    assert REGISTRY.topics["violence_women"].emergency_route
    reply = answer_reply("de", "violence_women", _answer("violence_women"))
    texts = [part for part in reply.messages if isinstance(part, Text)]
    assert reply.meta.crisis
    assert "116 016" in texts[0].text  # the crisis lines first, then the answer
    assert texts[-1].text == "Antworttext."
    payloads = [b.payload for t in texts for b in t.buttons]
    assert '/find_service{"topic":"violence_women"}' in payloads


def test_an_ordinary_answer_has_no_crisis_lines() -> None:
    reply = answer_reply("de", "work_exploitation", _answer("work_exploitation"))
    texts = [part for part in reply.messages if isinstance(part, Text)]
    assert [t.text for t in texts] == ["Antworttext."]
    assert texts[0].buttons


def test_the_next_likeliest_topic_is_a_button_above_other_topics() -> None:
    reply = answer_reply("de", "health_uninsured", _answer("health_uninsured"), also="pregnancy")
    [text] = [part for part in reply.messages if isinstance(part, Text)]
    labels = [b.title for b in text.buttons]
    assert labels[-2:] == [f"Auch: {topic_title('de', 'pregnancy')}", "Andere Themen"]
    assert text.buttons[-2].payload == payload("pregnancy")
    plain = answer_reply("de", "health_uninsured", _answer("health_uninsured"))
    [plain_text] = [part for part in plain.messages if isinstance(part, Text)]
    assert len(plain_text.buttons) == len(text.buttons) - 1


def _crisis_block(reply: Reply) -> str:
    first = reply.messages[0]
    assert reply.meta.crisis and isinstance(first, Text)
    return first.text


def test_violence_at_home_named_in_the_message_gets_its_own_lines_not_every_violence_line() -> None:
    """The topic alone covers rape too (with the line for children's sexual abuse); a woman who wrote
    "my husband hits me" gets the police and the violence line, not a children's line to read past."""
    at_home = Danger(("domestic_violence",), ("de",))
    block = _crisis_block(answer_reply("de", "violence_women", _answer("violence_women"), danger=at_home))
    assert "110" in block and "116 016" in block and "0800 22 55 530" not in block
    unsure = _crisis_block(answer_reply("de", "violence_women", _answer("violence_women")))
    assert "0800 22 55 530" in unsure


def test_a_danger_of_another_kind_adds_its_lines_to_the_topics_own() -> None:
    bleeding = Danger(("medical",), ("en",))
    block = _crisis_block(
        answer_reply("en", "violence_women", _answer("violence_women", "en"), danger=bleeding)
    )
    assert "116 016" in block and "112" in block
