"""``find_services_form`` asks for the place; its validation takes it from the message and checks it.

The form has one slot, ``place``, filled from a shared location (already rounded by the client), a
postal code or the text typed while the form asks (:func:`bot.nlu.place_mentions.place_answer`).
Only the coarse place is kept (:func:`bot.replies.places.kept_value`) and its region key (AGS) in
``region``. Ambiguous names are asked back with the candidates as buttons, unknown ones asked again.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer import PLACE_SLOT
from actions.conversation import conversation_language, intent_of, send, turn_events
from actions.inbox import REGION_SLOT
from actions.runtime import database
from bot.nlu.place_mentions import ASK_AGAIN, place_answer
from bot.replies.contract import COUNSEL, Meta, Reply
from bot.replies.places import ask_place, kept_value, place_question, resolve_value
from bot.topics import is_topic


def searched_for(tracker: Tracker) -> tuple[str | None, bool]:
    """The topic the place is asked for, and whether a counsellor is wanted."""
    topic = tracker.get_slot("topic")
    return (topic if is_topic(topic) else None), tracker.get_slot("service_kind") == COUNSEL


def rejected_place_this_turn(tracker: Tracker) -> bool:
    """Whether the validation has just told the person why the place was not taken."""
    events = turn_events(tracker)
    cleared = any(
        e.get("event") == "slot" and e.get("name") == PLACE_SLOT and e.get("value") is None for e in events
    )
    explained = any(e.get("event") == "bot" and e.get("text") for e in events)
    return cleared and explained


def _meta(tracker: Tracker, language: str) -> Meta:
    topic, _counselling = searched_for(tracker)
    return Meta(language, intent_of(tracker), topic=topic)


class ValidateFindServicesForm(FormValidationAction):
    def name(self) -> str:
        return "validate_find_services_form"

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        asking = tracker.get_slot("requested_slot") == PLACE_SLOT

        def resolves(text: str) -> bool:
            with database() as session:
                found = resolve_value(session, text)
            return found.found or found.ambiguous

        given = place_answer(tracker.latest_message, asking=asking, resolves=resolves)
        if given is None:
            return {}
        if given == ASK_AGAIN:
            return {PLACE_SLOT: None}
        return {PLACE_SLOT: given}

    async def validate_place(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if not isinstance(value, str) or not value.strip():
            return {PLACE_SLOT: None}
        with database() as session:
            resolution = resolve_value(session, value)
        if resolution.place is not None:
            return {PLACE_SLOT: kept_value(value, resolution.place), REGION_SLOT: resolution.place.ags}
        language = conversation_language(tracker)
        send(
            dispatcher, tracker, Reply(_meta(tracker, language), place_question(language, resolution, value))
        )
        return {PLACE_SLOT: None, REGION_SLOT: None}


class ActionAskPlace(Action):
    """Asks for the place: the client offers "share location" and a field for a postal code."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        topic, counselling = searched_for(tracker)
        question = ask_place(
            language, topic=topic, counselling=counselling, text=not rejected_place_this_turn(tracker)
        )
        send(dispatcher, tracker, Reply(_meta(tracker, language), question))
        return []
