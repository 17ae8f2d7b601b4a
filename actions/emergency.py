"""``action_emergency``: the crisis lines, at once, in the person's language."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, danger_in, intent_of, send
from actions.runtime import count_use, region_of
from bot.content.usage import EMERGENCY
from bot.replies.emergency import emergency_reply


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        reply = emergency_reply(language, intent=intent_of(tracker) or "emergency", danger=danger_in(tracker))
        send(dispatcher, tracker, reply)
        count_use(tracker, topic=EMERGENCY, region=region_of(tracker), language=language)
        return []
