"""What a client remembers of a conversation: only what replies said, and only while it lasts."""

from __future__ import annotations

from bot.replies.contract import Meta, Reply, RequestLocation, Text
from bot.replies.memory import ConversationMemory


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_memory_lasts_for_the_conversation_and_then_is_gone() -> None:
    clock = Clock()
    memory = ConversationMemory(30 * 60, clock=clock)
    memory.get("tg-a").language = "ar"
    clock.now += 29 * 60
    assert memory.get("tg-a").language == "ar"  # still talking: the conversation goes on
    clock.now += 31 * 60
    assert memory.get("tg-a").language is None
    assert len(memory) == 1


def test_forget_removes_at_once() -> None:
    memory = ConversationMemory(60)
    memory.get("tg-a").language = "fa"
    memory.forget("tg-a")
    assert len(memory) == 0
    assert memory.get("tg-a").language is None


def test_a_full_table_drops_the_oldest() -> None:
    memory = ConversationMemory(60, max_conversations=2)
    for sender in ("tg-a", "tg-b", "tg-c"):
        memory.get(sender).language = "de"
    assert len(memory) == 2
    assert memory.get("tg-a").language is None


def test_what_is_remembered_comes_from_the_replies_shown() -> None:
    remembered = ConversationMemory(60).get("tg-a")
    remembered.note(
        Reply(
            Meta("ar", "find_service", topic="housing_homeless"),
            (RequestLocation("housing_homeless", counselling=True), Text("?")),
        )
    )
    assert (remembered.language, remembered.topic) == ("ar", "housing_homeless")
    assert remembered.place_request == RequestLocation("housing_homeless", counselling=True)
    remembered.note(Reply(Meta("de", "greet"), (Text("Hallo"),)))
    assert remembered.language == "de"
    assert remembered.topic == "housing_homeless"  # a greeting is about no topic: the last one stays
    assert remembered.place_request is None  # "where?" is no longer open
