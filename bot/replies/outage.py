"""Replies while the language engine (Rasa or its action server) is down: buttons keep working.

A topic's published answer comes straight from the database and the fixed replies from the interface
strings — the same builders the actions use, so a person notices no difference but the missing
free-text understanding. "Services near me" keeps working too: a shared location, a place button, or a
short typed postal code or town answering "where?". Other free text gets an honest "I cannot understand
free text right now" with the topic menu — after the crisis lines when it contains a danger word in
any of the languages.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Final

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db.session import session_scope
from bot.i18n import messages as m
from bot.i18n import translate
from bot.languages import normalize_language
from bot.replies.answers import topic_answer
from bot.replies.contract import COUNSEL, Meta, Reply, Text, parse_payload
from bot.replies.emergency import emergency_reply
from bot.replies.fixed import Facts, apology, language_set, menu_group, small_talk
from bot.replies.memory import Remembered
from bot.replies.menu import MENU_ENTITY, topic_menu_buttons
from bot.replies.places import ask_place, coordinates_value, could_be_place
from bot.replies.safety import SafetyNet
from bot.replies.services import services_reply
from bot.replies.unsure import OTHER_NEED, other_need
from bot.topics import GENERAL_COUNSELLING, is_topic

logger = logging.getLogger(__name__)

OUTAGE_INTENT: Final = "degraded"
"""The ``intent`` of an outage reply that could not understand the message."""


def cannot_understand(language: str) -> Reply:
    return Reply(
        Meta(language, OUTAGE_INTENT, degraded=True),
        (Text(translate(language, m.DEGRADED), topic_menu_buttons(language)),),
    )


def _degraded(reply: Reply) -> Reply:
    from dataclasses import replace

    return replace(reply, meta=replace(reply.meta, degraded=True))


class OutageReplies:
    def __init__(self, settings: Settings, keywords: SafetyNet, *, on_telegram: bool = True) -> None:
        self._settings = settings
        self._keywords = keywords
        self._facts = Facts.from_settings(settings, on_telegram=on_telegram)

    async def reply(self, text: str, *, language: str, memory: Remembered) -> Reply:
        """What to answer to ``text`` (a typed message or a button's payload) without the engine."""
        parsed = parse_payload(text)
        if parsed is None:
            asked = memory.place_request
            if asked is not None and could_be_place(text) and not self._keywords.check(text):
                return await self._near(
                    text, language=language, topic=asked.topic, counselling=asked.counselling
                )
            return self.free_text(text, language=language)
        intent, entities = parsed
        if intent == GENERAL_COUNSELLING:
            wanted = entities.get("topic")
            topic = wanted if is_topic(wanted) else memory.topic
            counselling = entities.get("kind") == COUNSEL
            return Reply(
                Meta(language, intent, topic=topic, degraded=True),
                ask_place(language, topic=topic, counselling=counselling),
            )
        if intent == "inform_location":
            asked = memory.place_request
            topic = asked.topic if asked else memory.topic
            counselling = asked.counselling if asked else False
            value = _place_value(entities)
            if value is None:
                return Reply(
                    Meta(language, intent, topic=topic, degraded=True),
                    ask_place(language, topic=topic, counselling=counselling),
                )
            return await self._near(value, language=language, topic=topic, counselling=counselling)
        if is_topic(intent):
            return await self._topic(intent, language=language)
        if intent == "choose_language":
            chosen = normalize_language(str(entities.get("language") or "")) or language
            return _degraded(language_set(chosen))
        if intent == "emergency":
            return emergency_reply(language, degraded=True)
        if intent == "privacy":
            return _degraded(small_talk(language, "privacy", self._facts))
        if intent == OTHER_NEED:
            return other_need(language, degraded=True)
        if intent in ("help", "greet"):
            group = entities.get(MENU_ENTITY)
            if isinstance(group, str):
                return _degraded(menu_group(language, group))
            return _degraded(small_talk(language, "help", self._facts))
        return cannot_understand(language)

    def free_text(self, text: str, *, language: str) -> Reply:
        danger = self._keywords.check(text)
        if not danger:
            return cannot_understand(language)
        answer_in = language if language in danger.languages else danger.languages[0]
        return emergency_reply(answer_in, intent=OUTAGE_INTENT, degraded=True, note=m.DEGRADED, danger=danger)

    def message_failed(self, text: str, *, language: str) -> Reply:
        """Only this message failed: an apology, after the crisis lines if it is about danger."""
        danger = self._keywords.check(text) if parse_payload(text) is None else None
        if not danger:
            return apology(language)
        return emergency_reply(language, intent=OUTAGE_INTENT, note=m.ERROR, danger=danger)

    async def _near(self, value: str, *, language: str, topic: str | None, counselling: bool) -> Reply:
        def search(session: Session) -> Reply:
            return services_reply(
                session, value=value, topic=topic, language=language, counselling=counselling, degraded=True
            )

        return await self._with_database(search, language=language, what="Searching services near a place")

    async def _topic(self, topic: str, *, language: str) -> Reply:
        def answer(session: Session) -> Reply:
            reply, _found = topic_answer(session, topic=topic, language=language)
            return _degraded(reply)

        return await self._with_database(answer, language=language, what=f"Reading the answer for {topic}")

    async def _with_database(self, build: Callable[[Session], Reply], *, language: str, what: str) -> Reply:
        def run() -> Reply:
            with session_scope(self._settings.db_url) as session:
                return build(session)

        try:
            return await asyncio.to_thread(run)
        except Exception as exc:  # the database is down too: say so kindly, keep running
            logger.error("%s failed: %s", what, type(exc).__name__)
            return _degraded(apology(language))


def _place_value(entities: dict[str, Any]) -> str | None:
    """A shared location or a place button's value (``lat``/``lon`` rounded, or ``location``)."""
    try:
        return coordinates_value(float(entities["lat"]), float(entities["lon"]))
    except (KeyError, TypeError, ValueError):
        pass
    named = entities.get("location")
    if isinstance(named, str | int) and str(named).strip():
        return str(named)
    return None
