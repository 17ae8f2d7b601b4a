"""The form asking for the place: it does not ask twice after explaining why a place was not taken."""

from __future__ import annotations

from actions.place import rejected_place_this_turn
from tests.auxil.trackers import bot_text, slot_event, tracker, user_message


def test_the_form_does_not_ask_twice_after_explaining_a_rejected_place() -> None:
    message = user_message("Xyzdorf", "nlu_fallback")
    explained = tracker(message, after=[bot_text("I do not know the place"), slot_event("place", None)])
    assert rejected_place_this_turn(explained)
    asked_again = tracker(message, after=[slot_event("place", None)])
    assert not rejected_place_this_turn(asked_again)
    interrupted = tracker(message, after=[bot_text("An answer"), slot_event("topic", "housing_search")])
    assert not rejected_place_this_turn(interrupted)
