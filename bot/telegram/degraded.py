"""Answers while Rasa (or the action server) is down, in the reply contract's shape.

Buttons keep working: a topic's published answer comes straight from the database, the fixed
replies (help, privacy, emergency, language) from the interface strings. Free text gets an honest
"I cannot understand free text right now" with the topic menu — after the emergency numbers when it
contains a danger word in any of the languages.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.config import Settings
from bot.content.answers import ResolvedAnswer, resolve_answer
from bot.db.session import session_scope
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, normalize_language
from bot.telegram.emergency import EmergencyKeywords
from bot.telegram.keyboards import MENU_PREFIX, parse_payload, payload
from bot.topics import MENU, is_topic

logger = logging.getLogger(__name__)

DEGRADED_INTENT = "degraded"
"""The ``intent`` of a degraded reply's meta message: the topic menu goes under it."""


def _meta(language: str, intent: str, topic: str | None = None, fallback: bool = False) -> dict[str, Any]:
    return {
        "custom": {
            "type": "meta",
            "language": language,
            "rtl": is_rtl(language),
            "intent": intent,
            "topic": topic,
            "language_fallback": fallback,
            "degraded": True,
        }
    }


class DegradedAnswers:
    def __init__(self, settings: Settings, emergency: EmergencyKeywords) -> None:
        self._settings = settings
        self._emergency = emergency

    def _text(self, language: str, message: str) -> dict[str, Any]:
        return {
            "text": translate(
                language,
                message,
                minutes=self._settings.session_minutes,
                operator=self._settings.operator_name,
                contact=self._settings.operator_contact,
            )
        }

    async def reply(self, text: str, *, language: str) -> list[dict[str, Any]]:
        """What to answer to ``text`` (a typed message or a button's payload) without Rasa."""
        parsed = parse_payload(text)
        if parsed is None:
            return self.free_text(text, language=language)
        intent, entities = parsed
        if is_topic(intent) and intent != "find_service":
            return await self.topic(intent, language=language)
        if intent == "choose_language":
            chosen = normalize_language(str(entities.get("language") or "")) or language
            return [_meta(chosen, "choose_language"), self._text(chosen, m.LANGUAGE_SET)]
        if intent == "emergency":
            return [_meta(language, "emergency"), self._text(language, m.EMERGENCY)]
        if intent == "privacy":
            return [_meta(language, "privacy"), self._text(language, m.PRIVACY)]
        if intent in ("help", "greet"):
            group = entities.get("menu")
            if isinstance(group, str) and MENU.get(group):
                return [_meta(language, "help"), self._group(group, language)]
            return [_meta(language, "help"), self._text(language, m.HELP)]
        return [_meta(language, DEGRADED_INTENT), self._text(language, m.DEGRADED)]

    def _group(self, group: str, language: str) -> dict[str, Any]:
        buttons = [
            {"title": translate(language, m.TOPIC_TITLES[topic]), "payload": payload(topic)}
            for topic in MENU[group]
        ]
        buttons.append({"title": translate(language, m.BUTTON_ALL_TOPICS), "payload": MENU_PREFIX})
        return {"text": translate(language, m.MENU_PROMPT), "buttons": buttons}

    def free_text(self, text: str, *, language: str) -> list[dict[str, Any]]:
        danger = self._emergency.languages_in(text)
        if not danger:
            return [_meta(language, DEGRADED_INTENT), self._text(language, m.DEGRADED)]
        answer_in = language if language in danger else danger[0]
        return [
            _meta(answer_in, DEGRADED_INTENT),
            self._text(answer_in, m.EMERGENCY),
            self._text(answer_in, m.DEGRADED),
        ]

    async def topic(self, topic: str, *, language: str) -> list[dict[str, Any]]:
        try:
            answer = await asyncio.to_thread(self._resolve, topic, language)
        except Exception as exc:  # the database is down too: say so kindly, keep running
            logger.error("Reading the answer for %s failed: %s", topic, type(exc).__name__)
            return [_meta(language, topic, topic), self._text(language, m.ERROR)]
        back = {"title": translate(language, m.BUTTON_OTHER_TOPICS), "payload": MENU_PREFIX}
        if answer is None:
            return [
                _meta(language, topic, topic),
                {**self._text(language, m.NO_ANSWER), "buttons": [back]},
            ]
        fallback = answer.is_language_fallback(language)
        text = answer.text.strip()
        if fallback:
            text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
        return [_meta(language, topic, topic, fallback), {"text": text, "buttons": [back]}]

    def _resolve(self, topic: str, language: str) -> ResolvedAnswer | None:
        with session_scope(self._settings.db_url) as session:
            return resolve_answer(session, topic=topic, language=language)
