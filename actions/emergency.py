"""``action_emergency``: the emergency numbers, at once, in the user's language."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_of, send_meta
from bot.i18n import translate
from bot.i18n import messages as m


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        send_meta(dispatcher, language=language, intent=intent_of(tracker))
        dispatcher.utter_message(text=translate(language, m.EMERGENCY))
        return []
