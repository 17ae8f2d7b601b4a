"""``action_answer``: the published answer for a topic, or the fixed reply to small talk.

The answer is chosen for topic × language × region (:func:`bot.replies.answers.topic_answer`); the
region is that of the place the person gave (slot ``region``), or of the town the question names
("… in Leipzig"), then kept for "services near me". A greeting with a question after it ("hallo ich
suche wohnung") is answered for the question, or asked back when the question is unclear
(:mod:`bot.nlu.greeting`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    conversation_language,
    danger_in,
    entity_value,
    intent_of,
    intent_ranking,
    metadata_of,
    send,
)
from actions.fallback import ask_back
from actions.inbox import REGION_SLOT, answer_consent, ask_once, remembered
from actions.runtime import count_use, database, region_of, settings
from bot.content.usage import UNANSWERED
from bot.nlu.greeting import GREET, greeting_words, question_after_greeting
from bot.nlu.place_mentions import place_answer
from bot.pseudonym import on_telegram
from bot.replies.answers import topic_answer
from bot.replies.fixed import Facts, menu_group, small_talk
from bot.replies.inbox import CONSENT_ENTITY, INBOX
from bot.replies.menu import MENU_ENTITY
from bot.replies.places import kept_value, resolve_value
from bot.replies.unsure import OTHER_NEED, also_topic, other_need
from bot.staff.preview import shows_drafts
from bot.topics import is_topic

PLACE_SLOT = "place"


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = intent_of(tracker)
        language = conversation_language(tracker)
        if intent == GREET:
            question = question_after_greeting(
                str(tracker.latest_message.get("text") or ""),
                tracker.latest_message.get("intent_ranking") or [],
                greeting_words(settings().home / "nlu_data"),
            )
            if question is not None and not question.sure():
                return ask_back(dispatcher, tracker, question.shares)
            intent = question.topic if question is not None else intent
        if is_topic(intent):
            assert intent is not None
            return answer_topic(dispatcher, tracker, topic=intent, language=language)
        if intent == OTHER_NEED:
            # typed: keep this message; "something else": the question before it waits in the slot
            reply, events = ask_once(
                tracker, other_need(language), remembered(tracker, intent_ranking(tracker))
            )
            send(dispatcher, tracker, reply)
            count_use(tracker, topic=UNANSWERED, region=tracker.get_slot(REGION_SLOT), language=language)
            return events
        if intent in ("affirm", "deny") and entity_value(tracker, CONSENT_ENTITY) == INBOX:
            return answer_consent(dispatcher, tracker, language=language, yes=intent == "affirm")
        group = entity_value(tracker, MENU_ENTITY)
        if intent == "help" and group:
            send(dispatcher, tracker, menu_group(language, group))
        else:
            facts = Facts.from_settings(settings(), on_telegram=on_telegram(tracker.sender_id or ""))
            send(dispatcher, tracker, small_talk(language, intent, facts))
        return []


def answer_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, topic: str, language: str
) -> list[EventType]:
    events: list[EventType] = [SlotSet("topic", topic)]
    region = region_of(tracker)
    with database() as session:
        given = place_answer(
            tracker.latest_message, asking=False, resolves=lambda text: resolve_value(session, text).found
        )
        place = resolve_value(session, given).place if given else None
        if given and place is not None:
            region = place.ags
            events += [SlotSet(PLACE_SLOT, kept_value(given, place)), SlotSet(REGION_SLOT, region)]
        reply, answer = topic_answer(
            session,
            topic=topic,
            language=language,
            region=region,
            # Drafts only for a staff member's preview chat (a keyed flag only the web app sets).
            include_drafts=shows_drafts(settings(), tracker.sender_id, metadata_of(tracker)),
            also=also_topic(intent_ranking(tracker), topic),
            danger=danger_in(tracker),
        )
    send(dispatcher, tracker, reply)
    if answer is None:
        count_use(tracker, topic=UNANSWERED, region=region, language=language)
    count_use(tracker, topic=topic, region=region, language=language)
    return events
