"""Answering a topic: the published text for topic × language × region, and the next steps under it.

The same reply for the action server, the Telegram adapter's outage mode and the staff editor's
preview, so what staff preview is what people get.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.content.answers import ResolvedAnswer, resolve_answer
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.contract import Meta, Reply, Text
from bot.replies.menu import next_step_buttons
from bot.topics import is_topic
from bot.topics import topic as registry_topic


def answer_reply(
    language: str, topic: str, answer: ResolvedAnswer | None, *, intent: str | None = None
) -> Reply:
    """The reply for ``topic`` given its resolved answer (``None``: no text yet in any language)."""
    fallback = answer is not None and answer.is_language_fallback(language)
    meta = Meta(language, intent or topic, topic=topic, language_fallback=fallback)
    buttons = next_step_buttons(language, topic)
    if answer is None:
        return Reply(meta, (Text(translate(language, m.NO_ANSWER), buttons),))
    text = answer.text.strip()
    if fallback:
        text = f"{translate(language, m.LANGUAGE_FALLBACK_NOTE)}\n\n{text}"
    if is_topic(topic) and registry_topic(topic).emergency_route:
        # Someone asking about violence may be in danger: the crisis lines come with the answer,
        # and the ways on (services for this topic, a counsellor) stay under them.
        return Reply(meta, (Text(text), Text(translate(language, m.EMERGENCY), buttons)))
    return Reply(meta, (Text(text, buttons),))


def topic_answer(
    session: Session,
    *,
    topic: str,
    language: str,
    region: str | None = None,
    include_drafts: bool = False,
) -> tuple[Reply, ResolvedAnswer | None]:
    """Look the answer up and build its reply; the resolved answer tells callers what was found."""
    answer = resolve_answer(
        session, topic=topic, language=language, region=region or None, include_drafts=include_drafts
    )
    return answer_reply(language, topic, answer), answer
