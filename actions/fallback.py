"""``action_default_fallback``: unsure — "did you mean …?", or after a second failure a person; counted.

The FallbackClassifier predicts ``nlu_fallback`` when the best intent is below its threshold or the
best two are too close (config.yml, docs/nlu.md); its ranking still lists the likeliest intents, which
:func:`bot.replies.unsure.after_fallback` offers as buttons.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import REGION_SLOT
from actions.conversation import conversation_language, intent_ranking, previous_intent, send
from actions.runtime import count_use
from bot.content.usage import UNANSWERED
from bot.replies.unsure import after_fallback


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        reply = after_fallback(language, ranking=intent_ranking(tracker), previous=previous_intent(tracker))
        send(dispatcher, tracker, reply)
        count_use(tracker, topic=UNANSWERED, region=tracker.get_slot(REGION_SLOT), language=language)
        return [UserUtteranceReverted()]
