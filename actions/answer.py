"""``action_answer``: the published answer for a topic, or the fixed reply to small talk."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import conversation_language, intent_of, next_step_buttons, send_meta
from actions.runtime import database, settings
from bot.content.answers import resolve_answer
from bot.i18n import translate
from bot.i18n import messages as m
from bot.topics import is_topic

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
            return answer_topic(dispatcher, topic=intent, language=language)
        send_meta(dispatcher, language=language, intent=intent)
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


def answer_topic(dispatcher: CollectingDispatcher, *, topic: str, language: str) -> list[EventType]:
    with database() as session:
        answer = resolve_answer(session, topic=topic, language=language)
    fallback = answer is not None and answer.is_language_fallback(language)
    send_meta(dispatcher, language=language, intent=topic, topic=topic, language_fallback=fallback)
    if answer is None:
        dispatcher.utter_message(text=translate(language, m.NO_ANSWER))
    else:
        text = answer.text.strip()
        if fallback:
            text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
        dispatcher.utter_message(text=text, buttons=next_step_buttons(language, topic))
    return [SlotSet("topic", topic)]
