"""Answers while Rasa (or the action server) is down, in the reply contract's shape.

Buttons keep working: a topic's published answer comes straight from the database, the fixed
replies (help, privacy, emergency, language) from the interface strings. "Services near me" keeps
working too: a shared location, a place button or a typed postal code or town answering "where?"
lists the services from the database (:mod:`bot.telegram.nearby`). Other free text gets an honest
"I cannot understand free text right now" with the topic menu — after the emergency numbers when it
contains a danger word in any of the languages.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from actions.conversation import next_step_buttons
from bot.config import Settings
from bot.content.answers import ResolvedAnswer, resolve_answer
from bot.db.session import session_scope
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import is_rtl, normalize_language
from bot.telegram.emergency import EmergencyKeywords
from bot.telegram.keyboards import MENU_PREFIX, parse_payload, payload
from bot.telegram.nearby import ask_place, could_be_place, services_reply
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

    async def reply(
        self,
        text: str,
        *,
        language: str,
        topic: str | None = None,
        counselling: bool = False,
        place_asked: bool = False,
    ) -> list[dict[str, Any]]:
        """What to answer to ``text`` (a typed message or a button's payload) without Rasa.

        Args:
            topic: the topic of the conversation so far (what "services near me" searches for).
            counselling: the person asked for a counsellor (counselling services only).
            place_asked: the last reply asked "where?", so a short text may be the place.
        """
        parsed = parse_payload(text)
        if parsed is None:
            if place_asked and could_be_place(text) and not self._emergency.languages_in(text):
                return await self.near(language=language, topic=topic, counselling=counselling, text=text)
            return self.free_text(text, language=language)
        intent, entities = parsed
        if intent == "find_service":
            wanted = entities.get("topic")
            searched = wanted if isinstance(wanted, str) and is_topic(wanted) else topic
            return [_meta(language, intent, searched), *ask_place(language)]
        if intent == "inform_location":
            return await self._inform_location(
                entities, language=language, topic=topic, counselling=counselling
            )
        if is_topic(intent):
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

    async def _inform_location(
        self, entities: dict[str, Any], *, language: str, topic: str | None, counselling: bool
    ) -> list[dict[str, Any]]:
        """A shared location or a place button (``lat``/``lon`` or ``location``); else ask where."""
        try:
            point = (float(entities["lat"]), float(entities["lon"]))
        except (KeyError, TypeError, ValueError):
            point = None
        named = entities.get("location")
        if point is not None:
            return await self.near(language=language, topic=topic, counselling=counselling, point=point)
        if isinstance(named, str | int) and str(named).strip():
            return await self.near(language=language, topic=topic, counselling=counselling, text=str(named))
        return [_meta(language, "inform_location", topic), *ask_place(language)]

    async def near(
        self,
        *,
        language: str,
        topic: str | None,
        counselling: bool,
        text: str | None = None,
        point: tuple[float, float] | None = None,
    ) -> list[dict[str, Any]]:
        """Services near a typed place or a shared (rounded) point, straight from the database."""
        head = _meta(language, "inform_location", topic)
        try:
            body = await asyncio.to_thread(
                self._near, language=language, topic=topic, counselling=counselling, text=text, point=point
            )
        except Exception as exc:  # the database is down too: say so kindly, keep running
            logger.error("Searching services near a place failed: %s", type(exc).__name__)
            return [head, self._text(language, m.ERROR)]
        return [head, *body]

    def _near(
        self,
        *,
        language: str,
        topic: str | None,
        counselling: bool,
        text: str | None,
        point: tuple[float, float] | None,
    ) -> list[dict[str, Any]]:
        with session_scope(self._settings.db_url) as session:
            return services_reply(
                session, language=language, topic=topic, counselling=counselling, text=text, point=point
            )

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
        buttons = next_step_buttons(language, topic)  # as under Rasa's answers: near me works too
        if answer is None:
            return [
                _meta(language, topic, topic),
                {**self._text(language, m.NO_ANSWER), "buttons": buttons},
            ]
        fallback = answer.is_language_fallback(language)
        text = answer.text.strip()
        if fallback:
            text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
        return [_meta(language, topic, topic, fallback), {"text": text, "buttons": buttons}]

    def _resolve(self, topic: str, language: str) -> ResolvedAnswer | None:
        with session_scope(self._settings.db_url) as session:
            return resolve_answer(session, topic=topic, language=language)
