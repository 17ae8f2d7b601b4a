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
from actions.inbox import ask_once, remembered
from actions.runtime import count_use
from bot.content.usage import UNANSWERED
from bot.replies.unsure import OTHER_NEED, after_fallback, likeliest_topics


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = conversation_language(tracker)
        ranking = intent_ranking(tracker)
        reply = after_fallback(language, ranking=ranking, previous=previous_intent(tracker))
        events = remembered(tracker, ranking)
        if reply.meta.intent == OTHER_NEED or not likeliest_topics(ranking):
            # "not understood" or the human route: ask (once) whether the question may be kept
            reply, events = ask_once(tracker, reply, events)
        send(dispatcher, tracker, reply)
        count_use(tracker, topic=UNANSWERED, region=tracker.get_slot(REGION_SLOT), language=language)
        # Slots set after the revert survive it: the question waits for "something else" or consent.
        return [UserUtteranceReverted(), *events]
