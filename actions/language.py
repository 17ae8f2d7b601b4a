"""``action_set_language``: switch the conversation's language when the user asks for one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_of, send_meta
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import normalize_language


class ActionSetLanguage(Action):
    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        wanted = normalize_language(next(tracker.get_latest_entity_values("language"), None))
        language = wanted or conversation_language(tracker)
        send_meta(dispatcher, tracker, language=language, intent=intent_of(tracker))
        if wanted is None:
            dispatcher.utter_message(json_message={"type": "language_picker"})
            dispatcher.utter_message(text=translate(language, m.CHOOSE_LANGUAGE))
            return []
        dispatcher.utter_message(text=translate(language, m.LANGUAGE_SET))
        return [SlotSet("language", wanted)]
