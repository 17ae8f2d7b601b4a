"""The adapter's memory of a conversation ends with the session."""

from __future__ import annotations

from bot.telegram.session import Sessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_state_lasts_for_the_session_and_then_is_gone() -> None:
    clock = Clock()
    sessions = Sessions(30 * 60, clock=clock)
    sessions.get("tg-a").language = "ar"
    clock.now += 29 * 60
    assert sessions.get("tg-a").language == "ar"  # still talking: the session goes on
    clock.now += 31 * 60
    assert sessions.get("tg-a").language is None
    assert len(sessions) == 1


def test_forget_removes_at_once() -> None:
    sessions = Sessions(60)
    sessions.get("tg-a").language = "fa"
    sessions.forget("tg-a")
    assert len(sessions) == 0
    assert sessions.get("tg-a").language is None


def test_a_full_table_drops_the_oldest() -> None:
    sessions = Sessions(60, max_sessions=2)
    for sender in ("tg-a", "tg-b", "tg-c"):
        sessions.get(sender).language = "de"
    assert len(sessions) == 2
    assert sessions.get("tg-a").language is None
