"""``action_set_language``: switch the conversation's language when the person asks for one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_of, send
from bot.languages import normalize_language
from bot.replies.fixed import language_picker, language_set


class ActionSetLanguage(Action):
    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        wanted = normalize_language(next(tracker.get_latest_entity_values("language"), None))
        if wanted is None:
            language = conversation_language(tracker)
            send(
                dispatcher, tracker, language_picker(language, intent=intent_of(tracker) or "choose_language")
            )
            return []
        send(dispatcher, tracker, language_set(wanted))
        return [SlotSet("language", wanted)]
