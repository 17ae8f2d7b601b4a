"""``action_default_fallback``: not understood — ask to rephrase and offer the topic menu."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, send_meta
from bot.i18n import translate
from bot.i18n import messages as m


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        send_meta(dispatcher, language=language, intent="nlu_fallback")
        dispatcher.utter_message(
            text=translate(language, m.FALLBACK),
            buttons=[{"title": translate(language, m.BUTTON_OTHER_TOPICS), "payload": "/help"}],
        )
        return [UserUtteranceReverted()]
