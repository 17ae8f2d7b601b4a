"""``action_find_services``: nearby services for the current topic, nearest first.

Runs when ``find_services_form`` has a place (``actions/place.py``); the reply is built by
:func:`bot.replies.services.services_at` (with "talk to a counsellor" only services that counsel).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import PLACE_SLOT
from actions.conversation import conversation_language, intent_of, send
from actions.inbox import REGION_SLOT
from actions.place import searched_for
from actions.runtime import count_use, database
from bot.replies.contract import Meta, Reply
from bot.replies.services import services_at
from bot.topics import GENERAL_COUNSELLING


class ActionFindServices(Action):
    def name(self) -> str:
        return "action_find_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        topic, counselling = searched_for(tracker)
        value = tracker.get_slot(PLACE_SLOT)
        with database() as session:
            listed = services_at(
                session,
                value=value if isinstance(value, str) else "",
                topic=topic,
                language=language,
                counselling=counselling,
            )
        send(dispatcher, tracker, Reply(Meta(language, intent_of(tracker), topic=topic), listed.messages))
        if listed.value is None:
            return [SlotSet(PLACE_SLOT, None), SlotSet(REGION_SLOT, None)]
        count_use(tracker, topic=listed.topic or GENERAL_COUNSELLING, region=listed.region, language=language)
        return [SlotSet("service_kind", None)]
