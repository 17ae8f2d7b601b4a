"""``action_default_fallback``: unsure — "did you mean …?", or after a second failure a person; counted.

The FallbackClassifier predicts ``nlu_fallback`` when the best intent is below its threshold or the
best two are too close (config.yml, docs/nlu.md); its ranking still lists the likeliest intents, which
:func:`bot.replies.unsure.after_fallback` offers as buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_ranking, previous_intent, send
from actions.inbox import REGION_SLOT, ask_once, remembered
from actions.runtime import count_use
from bot.content.usage import UNANSWERED
from bot.replies.unsure import OTHER_NEED, after_fallback, likeliest_topics


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = ask_back(dispatcher, tracker, intent_ranking(tracker))
        # Slots set after the revert survive it: the question waits for "something else" or consent.
        return [UserUtteranceReverted(), *events]


def ask_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, offered: Sequence[tuple[str, float]]
) -> list[EventType]:
    """ "Did you mean …?" with the likeliest topics of ``offered`` (a person after a second miss),
    counted as unanswered; the events keep the question for "something else" or the staff inbox."""
    language = conversation_language(tracker)
    reply = after_fallback(language, ranking=offered, previous=previous_intent(tracker))
    events = remembered(tracker, intent_ranking(tracker))
    if reply.meta.intent == OTHER_NEED or not likeliest_topics(offered):
        # "not understood" or the human route: ask (once) whether the question may be kept
        reply, events = ask_once(tracker, reply, events)
    send(dispatcher, tracker, reply)
    count_use(tracker, topic=UNANSWERED, region=tracker.get_slot(REGION_SLOT), language=language)
    return events
