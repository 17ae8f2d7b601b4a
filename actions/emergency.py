"""``action_emergency``: the emergency numbers, at once, in the user's language."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_of, send_meta
from actions.place import REGION_SLOT
from actions.runtime import count_use
from bot.content.usage import EMERGENCY
from bot.i18n import messages as m
from bot.i18n import translate


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        send_meta(dispatcher, tracker, language=language, intent=intent_of(tracker))
        dispatcher.utter_message(text=translate(language, m.EMERGENCY))
        count_use(tracker, topic=EMERGENCY, region=tracker.get_slot(REGION_SLOT), language=language)
        return []
