"""``action_default_fallback``: not understood — ask to rephrase, offer the topic menu, count it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import REGION_SLOT
from actions.conversation import conversation_language, send
from actions.runtime import count_use
from bot.content.usage import UNANSWERED
from bot.replies.fixed import not_understood


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        send(dispatcher, tracker, not_understood(language))
        count_use(tracker, topic=UNANSWERED, region=tracker.get_slot(REGION_SLOT), language=language)
        return [UserUtteranceReverted()]
