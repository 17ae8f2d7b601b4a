"""``action_answer``: the published answer for a topic, or the fixed reply to small talk.

The answer is chosen for topic × language × region with the fallbacks of
:func:`bot.content.answers.resolve_answer`; the region is that of the place the person gave (slot
``region``), or of the town the question names ("… in Leipzig"), then kept for "services near me".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    conversation_language,
    entity_value,
    group_buttons,
    intent_of,
    metadata_of,
    next_step_buttons,
    send_meta,
)
from actions.place import PLACE_SLOT, REGION_SLOT, place_answer, resolve_slot, slot_value
from actions.runtime import count_use, database, settings
from bot.content.answers import resolve_answer
from bot.content.usage import UNANSWERED
from bot.i18n import messages as m
from bot.i18n import translate
from bot.staff.preview import shows_drafts
from bot.topics import MENU, is_topic

META_REPLIES = {
    "greet": m.GREETING,
    "goodbye": m.GOODBYE,
    "thank": m.THANKS,
    "affirm": m.AFFIRM,
    "deny": m.DENY,
    "help": m.HELP,
    "bot_challenge": m.BOT_CHALLENGE,
    "privacy": m.PRIVACY,
    "out_of_scope": m.OUT_OF_SCOPE,
}


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = intent_of(tracker)
        language = conversation_language(tracker)
        if is_topic(intent):
            assert intent is not None
            return answer_topic(dispatcher, tracker, topic=intent, language=language)
        send_meta(dispatcher, tracker, language=language, intent=intent)
        group = entity_value(tracker, "menu")
        if intent == "help" and group in MENU and MENU[group]:
            dispatcher.utter_message(
                text=translate(language, m.MENU_PROMPT), buttons=group_buttons(language, group)
            )
            return []
        message = META_REPLIES.get(intent or "", m.HELP)
        config = settings()
        dispatcher.utter_message(
            text=translate(
                language,
                message,
                minutes=config.session_minutes,
                operator=config.operator_name,
                contact=config.operator_contact,
            )
        )
        return []


def answer_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, topic: str, language: str
) -> list[EventType]:
    events: list[EventType] = [SlotSet("topic", topic)]
    region = tracker.get_slot(REGION_SLOT)
    with database() as session:
        given = place_answer(
            tracker.latest_message,
            asking=False,
            resolves=lambda text: resolve_slot(session, text).found,
        )
        place = resolve_slot(session, given).place if given else None
        if given and place is not None:
            region = place.ags
            events += [SlotSet(PLACE_SLOT, slot_value(given, place)), SlotSet(REGION_SLOT, region)]
        answer = resolve_answer(
            session,
            topic=topic,
            language=language,
            region=region if region else None,
            # Drafts only for a staff member's preview chat (a keyed flag only the web app sets).
            include_drafts=shows_drafts(settings(), tracker.sender_id, metadata_of(tracker)),
        )
    fallback = answer is not None and answer.is_language_fallback(language)
    send_meta(
        dispatcher,
        tracker,
        language=language,
        intent=topic,
        topic=topic,
        language_fallback=fallback,
    )
    if answer is None:
        dispatcher.utter_message(
            text=translate(language, m.NO_ANSWER), buttons=next_step_buttons(language, topic)
        )
        count_use(tracker, topic=UNANSWERED, region=region, language=language)
    else:
        text = answer.text.strip()
        if fallback:
            text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
        dispatcher.utter_message(text=text, buttons=next_step_buttons(language, topic))
    count_use(tracker, topic=topic, region=region, language=language)
    return events
